// What a start loads is most of what it costs (docs/node-startup.md): the built CLI reads a cost report or draws
// the status line without loading Node's streams, sockets, child processes, worker threads or readline.
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runWithModuleProbe } from "./module-probe.js";

const here = dirname(fileURLToPath(import.meta.url));
const sample = join(here, "..", "..", "..", "packages", "cost", "test", "fixtures", "sample");
const bin = join(here, "..", "bin", "vextrus.js");

// Public modules and the internals they bring; Node's own bootstrap loads none of these (the control test shows
// the probe sees them when they are loaded).
const HEAVY = [
  "stream",
  "net",
  "tty",
  "child_process",
  "worker_threads",
  "readline",
  "internal/streams/readable",
  "internal/child_process",
  "internal/worker",
];

/** Runs node with `args` and returns the internal modules it had loaded when it exited. */
function modulesLoaded(args: string[], options: { input?: string; cwd: string }): string[] {
  const r = runWithModuleProbe(args, {
    cwd: options.cwd,
    input: options.input ?? "",
    env: {
      PATH: process.env.PATH,
      HOME: join(options.cwd, "home"),
      CLAUDE_CONFIG_DIR: sample,
      // No NO_COLOR: Claude Code runs the status line without it, and most people their reports.
    },
  });
  expect(r.status, r.stderr).toBe(0);
  return r.modules
    .filter((line) => line.startsWith("NativeModule "))
    .map((line) => line.slice("NativeModule ".length));
}

function project(): string {
  const cwd = mkdtempSync(join(tmpdir(), "vx-startup-project-"));
  mkdirSync(join(cwd, ".claude"));
  return cwd;
}

describe("what a start of the built CLI loads", () => {
  it("the probe sees a heavy module when one is loaded (control)", () => {
    const loaded = modulesLoaded(["-e", "require('node:child_process')"], { cwd: project() });
    expect(loaded).toContain("child_process");
    expect(loaded).toContain("net");
  });

  // The first run makes the ledger and its id (not with Web Crypto, which loads streams), later runs read it.
  it("`vextrus cost daily --json` loads none of Node's streams, sockets, child processes or workers", () => {
    const cwd = project();
    const args = [bin, "cost", "daily", "--json", "--timezone", "UTC"];
    for (const run of [args, args, [...args, "--no-store"]]) {
      const loaded = modulesLoaded(run, { cwd });
      expect(loaded).toContain("sqlite"); // it did read the ledger
      expect(
        loaded.filter((m) => HEAVY.includes(m) || m.startsWith("internal/crypto/")),
        loaded.join(" "),
      ).toEqual([]);
    }
  });

  it("`vextrus statusline` with Claude Code's payload on stdin loads none of them either", () => {
    const cwd = project();
    const input = JSON.stringify({
      session_id: "33333333-3333-4333-8333-333333333333",
      cwd,
      model: { id: "claude-sonnet-4-5-20250929", display_name: "Sonnet 4.5" },
      workspace: { current_dir: cwd, project_dir: cwd },
      cost: { total_cost_usd: 0.07 },
    });
    for (let run = 0; run < 2; run++) {
      const loaded = modulesLoaded([bin, "statusline"], { cwd, input });
      expect(loaded).toContain("sqlite");
      expect(
        loaded.filter((m) => HEAVY.includes(m) || m.startsWith("internal/crypto/")),
        loaded.join(" "),
      ).toEqual([]);
    }
  });
});
