import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";

/** Everything a command takes from the outside world, so tests can hand in their own. */
export interface CliContext {
  cwd: string;
  env: Record<string, string | undefined>;
  home: string;
  now: () => Date;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether colour may be used on stdout. */
  color: boolean;
}

export function defaultContext(): CliContext {
  // `vextrus … | head` closes the pipe early: that is the reader's choice, not an error worth a stack trace.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
  const env = process.env;
  const noColor = "NO_COLOR" in env && env.NO_COLOR !== "";
  return {
    cwd: process.cwd(),
    env,
    home: homedir(),
    now: () => new Date(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    color:
      !noColor && (env.FORCE_COLOR !== undefined ? env.FORCE_COLOR !== "0" : process.stdout.isTTY === true),
  };
}

/** The project root: `$CLAUDE_PROJECT_DIR`, else the nearest folder up holding `.claude/` or `.git`, else cwd. */
export function projectRoot(ctx: CliContext): string {
  if (ctx.env.CLAUDE_PROJECT_DIR) return resolve(ctx.env.CLAUDE_PROJECT_DIR);
  let dir = resolve(ctx.cwd);
  for (;;) {
    if (existsSync(join(dir, ".claude")) || existsSync(join(dir, ".git"))) return dir;
    const up = dirname(dir);
    if (up === dir) return resolve(ctx.cwd);
    dir = up;
  }
}

/** Where the project's state lives: `$VEXTRUS_STATE_DIR`, else `<project>/.claude/state`. */
export function stateDir(ctx: CliContext): string {
  return ctx.env.VEXTRUS_STATE_DIR
    ? resolve(ctx.cwd, ctx.env.VEXTRUS_STATE_DIR)
    : join(projectRoot(ctx), ".claude", "state");
}

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/**
 * The `optimization` block, from `.claude/settings.json` overlaid by `.claude/settings.local.json` (one level
 * deep per section, so a local file can change one cost setting without repeating the rest).
 */
export function readOptimization(ctx: CliContext): Record<string, unknown> {
  const root = projectRoot(ctx);
  const merged: Record<string, Record<string, unknown>> = {};
  for (const name of ["settings.json", "settings.local.json"]) {
    const file = join(root, ".claude", name);
    if (!existsSync(file)) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, "utf8"));
    } catch (error) {
      throw new CliError(`${file}: not valid JSON (${(error as Error).message}); fix the file or remove it`);
    }
    const block = (parsed as { optimization?: unknown })?.optimization;
    if (block === undefined) continue;
    if (typeof block !== "object" || block === null || Array.isArray(block)) {
      throw new CliError(`${file}: optimization: expected an object`);
    }
    for (const [section, value] of Object.entries(block)) {
      const prev = merged[section];
      merged[section] =
        prev && typeof value === "object" && value !== null && !Array.isArray(value)
          ? { ...prev, ...(value as Record<string, unknown>) }
          : (value as Record<string, unknown>);
    }
  }
  return merged;
}
