import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { assistantLine, lines } from "../test/lines.js";
import { claudeProjectDirs, createFsTranscriptSource } from "./fs-source.js";
import { type FileReadResult, ingestTranscripts, planIngest, readTranscriptFile } from "./ingest.js";
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

  // ingestClaudeTranscripts starts no worker any more; bundles that still build `ingest-worker.js` keep a working one.
  it("has a worker that claims jobs from the shared counter and returns what this thread would read", async () => {
    const projectDirs = corpus();
    const source = createFsTranscriptSource({ projectDirs });
    const plan = planIngest(source, createMemoryUsageStore());
    const next = new Int32Array(new SharedArrayBuffer(4));
    next[0] = 3; // this thread "claimed" the first three
    const worker = new Worker(new URL("../dist/ingest-worker.js", import.meta.url), {
      workerData: { jobs: plan.jobs, next },
    });
    const results = await new Promise<FileReadResult[]>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    });
    expect(results.map((r) => r.path)).toEqual(plan.jobs.slice(3).map((j) => j.file.path));
    expect(results).toEqual(plan.jobs.slice(3).map((job) => readTranscriptFile(source, job)));
    expect(next[0]).toBeGreaterThanOrEqual(plan.jobs.length);
  });

  it("reads nothing the second time", async () => {
    const projectDirs = corpus();
    const store = createMemoryUsageStore();
    await ingestClaudeTranscripts({ projectDirs, store, threads: 2, minBytesPerThread: 1 });
    const again = await ingestClaudeTranscripts({ projectDirs, store, threads: 2, minBytesPerThread: 1 });
    expect(again).toMatchObject({ filesRead: 0, bytesRead: 0, usageLines: 0 });
  });
});
