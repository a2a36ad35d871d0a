import { existsSync, writeSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import {
  findProjectRoot,
  projectStateDir,
  readProjectSettings,
  STATE_FILES,
  type StateFile,
  userStateDir,
} from "@vextrus/config";
import { nodeFs } from "@vextrus/config/node";

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

/** The process's folder, environment, home and clock: what every context shares, whatever it writes to. */
export function processContext(): Pick<CliContext, "cwd" | "env" | "home" | "now"> {
  return { cwd: process.cwd(), env: process.env, home: homedir(), now: () => new Date() };
}

/**
 * Writes all of `text` to stdout or stderr with `fs.writeSync`: `process.stdout` loads Node's streams (~10 ms of a
 * start, docs/node-startup.md), and on Linux it writes pipes and files synchronously too, so the order of what is
 * printed is the same. A non-blocking pipe that is full (EAGAIN) gets the rest through the stream, which waits; a
 * reader that went away (EPIPE) is `onClosed`'s to handle.
 */
export function writeAll(fd: 1 | 2, text: string, onClosed: () => void): void {
  const bytes = Buffer.from(text);
  let at = 0;
  try {
    while (at < bytes.length) at += writeSync(fd, bytes, at);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EAGAIN") (fd === 1 ? process.stdout : process.stderr).write(bytes.subarray(at));
    else if (code === "EPIPE") onClosed();
    else throw error;
  }
}

export function defaultContext(): CliContext {
  const base = processContext();
  const env = base.env;
  const noColor = "NO_COLOR" in env && env.NO_COLOR !== "";
  let color: boolean | undefined;
  return {
    ...base,
    // `vextrus … | head` closes the pipe early: that is the reader's choice, not an error worth a stack trace.
    stdout: (text) => writeAll(1, text, () => process.exit(0)),
    stderr: (text) => writeAll(2, text, () => {}),
    // Asked only by what renders for a person (JSON never is): knowing whether stdout is a terminal loads its stream.
    get color() {
      color ??=
        !noColor && (env.FORCE_COLOR !== undefined ? env.FORCE_COLOR !== "0" : process.stdout.isTTY === true);
      return color;
    },
  };
}

/** The project, or undefined when neither `$CLAUDE_PROJECT_DIR` nor a `.claude/` or `.git` at or above cwd names one. */
export function findProject(ctx: CliContext): string | undefined {
  return findProjectRoot({ cwd: ctx.cwd, env: ctx.env, fs: nodeFs });
}

/** The project root, else the working folder (for commands that make one, like `vextrus init`). */
export function projectRoot(ctx: CliContext): string {
  return findProject(ctx) ?? resolve(ctx.cwd);
}

/** Where the project's state lives: `$VEXTRUS_STATE_DIR` (relative: from the project root), else `<project>/.claude/state`. */
export function stateDir(ctx: CliContext): string {
  return projectStateDir({ projectRoot: projectRoot(ctx), env: ctx.env });
}

/** A project state file to read, or undefined when there is none (outside a project, or nothing recorded yet). */
export function existingStateFile(ctx: CliContext, name: Exclude<StateFile, "ledger">): string | undefined {
  const root = findProject(ctx);
  if (root === undefined) return undefined;
  const path = join(projectStateDir({ projectRoot: root, env: ctx.env }), STATE_FILES[name]);
  return existsSync(path) ? path : undefined;
}

/** The user's cost ledger, and the project state folder an older Vextrus may have left a ledger in. */
export function ledgerLocation(ctx: CliContext): { userLedger: string; projectStateDir: string | undefined } {
  const root = findProject(ctx);
  return {
    userLedger: join(userStateDir({ env: ctx.env, home: ctx.home }), STATE_FILES.ledger),
    projectStateDir: root === undefined ? undefined : projectStateDir({ projectRoot: root, env: ctx.env }),
  };
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
 * deep per section); a broken file is a VextrusConfigError naming it. Outside a project: empty.
 */
export function readOptimization(ctx: CliContext): Record<string, unknown> {
  return readProjectSettings({ fs: nodeFs, projectRoot: findProject(ctx), mode: "strict" }).optimization;
}
