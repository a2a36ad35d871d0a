import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { assistantLine, lines } from "../test/lines.js";
import { claudeProjectDirs, createFsTranscriptSource } from "./fs-source.js";
import { ingestTranscripts } from "./ingest.js";
import { ingestClaudeTranscripts } from "./parallel-ingest.js";
import { createMemoryUsageStore } from "./store.js";

const sample = join(dirname(fileURLToPath(import.meta.url)), "..", "test", "fixtures", "sample");

function corpus(): string[] {
  const dir = mkdtempSync(join(tmpdir(), "vx-par-"));
  cpSync(sample, dir, { recursive: true });
  mkdirSync(join(dir, "projects", "-home-dev-many"));
  // Enough files that every thread gets several, with duplicates across files.
  for (let f = 0; f < 24; f++) {
    const ls = Array.from({ length: 50 }, (_, i) =>
      assistantLine({ id: `m${(f * 50 + i) % 700}`, output: i + f }),
    );
    writeFileSync(join(dir, "projects", "-home-dev-many", `s${f}.jsonl`), lines(...ls));
  }
  return claudeProjectDirs({ CLAUDE_CONFIG_DIR: dir }, "/nonexistent");
}

describe("ingestClaudeTranscripts", () => {
  it("gives exactly what a sequential ingest gives; a `threads` option is accepted and changes nothing", async () => {
    const projectDirs = corpus();
    const sequential = createMemoryUsageStore();
    const expected = ingestTranscripts({
      source: createFsTranscriptSource({ projectDirs }),
      store: sequential,
    });
    const parallel = createMemoryUsageStore();
    const got = await ingestClaudeTranscripts({
      projectDirs,
      store: parallel,
      threads: 3,
      minBytesPerThread: 1,
    });
    expect(got).toEqual(expected);
    expect(parallel.usage()).toEqual(sequential.usage());
    expect(parallel.agentTypes()).toEqual(sequential.agentTypes());
    expect(parallel.counts()).toEqual(sequential.counts());
  });

  it("reads nothing the second time", async () => {
    const projectDirs = corpus();
    const store = createMemoryUsageStore();
    await ingestClaudeTranscripts({ projectDirs, store, threads: 2, minBytesPerThread: 1 });
    const again = await ingestClaudeTranscripts({ projectDirs, store, threads: 2, minBytesPerThread: 1 });
    expect(again).toMatchObject({ filesRead: 0, bytesRead: 0, usageLines: 0 });
  });
});
