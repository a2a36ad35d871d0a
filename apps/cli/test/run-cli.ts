import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CliContext } from "../src/context.js";
import { main } from "../src/main.js";

/** Runs the CLI in-process with a captured context. */
export async function runCli(
  argv: string[],
  opts: { cwd?: string; env?: Record<string, string>; now?: string; entry?: typeof main } = {},
) {
  let stdout = "";
  let stderr = "";
  const cwd = opts.cwd ?? mkdtempSync(join(tmpdir(), "vx-cli-"));
  const ctx: CliContext = {
    cwd,
    env: { ...opts.env },
    home: join(cwd, "home"),
    now: () => new Date(opts.now ?? "2026-11-21T12:00:00.000Z"),
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    color: false,
  };
  const code = await (opts.entry ?? main)(argv, ctx);
  return { code, stdout, stderr, cwd };
}
