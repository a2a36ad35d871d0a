// A first `vextrus cost` over a long history writes the ledger on a thread of its own (@vextrus/cost,
// docs/ingest-thread.md). The thread's script is an entry of this app's bundle: these runs of the built CLI show it
// is there, starts, and writes what one thread would.
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { WRITER_THREAD_MIN_BYTES } from "@vextrus/cost/node";
import { describe, expect, it } from "vitest";
import { runWithModuleProbe } from "./module-probe.js";

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, "..", "bin", "vextrus.js");
const { generateCorpus } = (await import(
  join(here, "..", "..", "..", "packages", "cost", "bench", "corpus.mjs")
)) as {
  generateCorpus(o: { dir: string; sizeMb: number }): {
    bytes: number;
    expected: { totals: Record<string, number> };
  };
};

/** `vextrus cost daily --json` and the internal modules the process had loaded when it exited. */
function costDaily(config: string, state: string, extra: string[] = []) {
  const r = runWithModuleProbe([bin, "cost", "daily", "--json", "--timezone", "UTC", ...extra], {
    cwd: state,
    env: {
      PATH: process.env.PATH,
      HOME: join(state, "home"),
      CLAUDE_CONFIG_DIR: config,
      VEXTRUS_USER_STATE_DIR: join(state, "user"),
      NO_COLOR: "1",
    },
  });
  expect(r.status, r.stderr).toBe(0);
  return { report: JSON.parse(r.stdout), modules: r.modules };
}

describe("the ledger's writer thread in the built CLI", () => {
  it("ships beside the chunks that start it", () => {
    const script = join(here, "..", "dist", "ledger-writer-thread.js");
    expect(existsSync(script)).toBe(true);
    // A bundler that took the entry's import for one without side effects would leave it empty.
    expect(readFileSync(script, "utf8")).toContain("receiveMessageOnPort");
  });

  it("writes a first run over a long history on a thread, with the totals of one thread and of the transcripts", () => {
    const config = mkdtempSync(join(tmpdir(), "vx-writer-config-"));
    const sizeMb = Math.ceil((WRITER_THREAD_MIN_BYTES * 1.2) / 2 ** 20);
    const manifest = generateCorpus({ dir: config, sizeMb });
    expect(manifest.bytes).toBeGreaterThan(WRITER_THREAD_MIN_BYTES);
    const state = mkdtempSync(join(tmpdir(), "vx-writer-state-"));
    mkdirSync(join(state, "home"));

    const first = costDaily(config, state);
    expect(first.modules).toContain("NativeModule internal/worker");
    const noStore = costDaily(config, state, ["--no-store"]);
    expect(noStore.modules).not.toContain("NativeModule internal/worker");
    expect(first.report).toEqual(noStore.report);
    const expected = manifest.expected.totals;
    expect(first.report.totals).toMatchObject({
      inputTokens: expected.inputTokens,
      outputTokens: expected.outputTokens,
      cacheCreationTokens: expected.cacheCreationTokens,
      cacheReadTokens: expected.cacheReadTokens,
    });

    // The next run finds everything written: it reads nothing, starts no thread, and reports the same.
    const again = costDaily(config, state);
    expect(again.modules).not.toContain("NativeModule internal/worker");
    expect(again.report).toEqual(first.report);
  });
});
