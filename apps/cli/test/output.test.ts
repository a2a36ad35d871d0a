// The built CLI writes with fs.writeSync (docs/node-startup.md): what a reader sees, and a reader that leaves early.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const sample = join(here, "..", "..", "..", "packages", "cost", "test", "fixtures", "sample");
const bin = join(here, "..", "bin", "vextrus.js");

function project(): { cwd: string; env: Record<string, string | undefined> } {
  const cwd = mkdtempSync(join(tmpdir(), "vx-output-"));
  mkdirSync(join(cwd, ".claude"));
  return {
    cwd,
    env: { PATH: process.env.PATH, HOME: join(cwd, "home"), CLAUDE_CONFIG_DIR: sample, NO_COLOR: "1" },
  };
}

describe("the built CLI's output", () => {
  it("is whole and in order on a pipe: the report on stdout, the note on stderr", () => {
    const { cwd, env } = project();
    const r = spawnSync(process.execPath, [bin, "cost", "daily", "--json", "--timezone", "UTC"], {
      cwd,
      env,
      encoding: "utf8",
    });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ groupBy: "day", timezone: "UTC" });
    expect(r.stderr).toMatch(/^note: skipped 2 malformed transcript line/);
  });

  it("ends with exit 0 and no stack trace when the reader closes the pipe first (`vextrus … | head`)", async () => {
    const { cwd, env } = project();
    const child = spawn(process.execPath, [bin, "cost", "daily", "--json", "--timezone", "UTC"], {
      cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.destroy(); // gone before the report is written
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const code = await new Promise((resolve) => child.on("close", resolve));
    expect(code).toBe(0);
    expect(stderr).not.toMatch(/EPIPE|Error|at /);
  });
});
