import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { runCli } from "../run-cli.js";

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

/** Runs the CLI in-process (init, config, rollback and the rest) in `cwd`. */
export async function run(argv: string[], cwd: string, env: Record<string, string> = {}) {
  return runCli(argv, { cwd, env });
}
