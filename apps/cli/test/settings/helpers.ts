import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Command, CommanderError } from "commander";
import { registerConfig, registerRollback } from "../../src/commands/config/index.js";
import { registerInit } from "../../src/commands/init/index.js";
import { type CliContext, CliError } from "../../src/context.js";

/** A fresh project folder (with `.git`, so it is its own root). */
export function tempProject(): string {
  const dir = mkdtempSync(join(tmpdir(), "vx-settings-"));
  mkdirSync(join(dir, ".git"));
  return dir;
}

export function write(root: string, rel: string, content: string | object): void {
  const path = join(root, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, typeof content === "string" ? content : `${JSON.stringify(content, null, 2)}\n`);
}

export function read(root: string, rel: string): string {
  return readFileSync(join(root, rel), "utf8");
}

export function readJson(root: string, rel: string): Record<string, unknown> {
  return JSON.parse(read(root, rel));
}

/** Runs init / config / rollback in-process, the way `main` does (same error handling), until main registers them. */
export async function run(argv: string[], cwd: string) {
  let stdout = "";
  let stderr = "";
  const ctx: CliContext = {
    cwd,
    env: {},
    home: join(cwd, "home"),
    now: () => new Date("2026-11-21T12:00:00.000Z"),
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    color: false,
  };
  let code = 0;
  const setExit = (c: number) => {
    code = c;
  };
  const program = new Command("vextrus")
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: ctx.stdout, writeErr: ctx.stderr });
  registerInit(program, ctx, setExit);
  registerConfig(program, ctx, setExit);
  registerRollback(program, ctx, setExit);
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) code = error.exitCode;
    else if (error instanceof CliError) {
      stderr += `vextrus: ${error.message}\n`;
      code = error.exitCode;
    } else throw error;
  }
  return { code, stdout, stderr };
}
