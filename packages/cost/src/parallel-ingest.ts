import { createFsTranscriptSource } from "./fs-source.js";
import { applyIngest, type IngestResult, planIngest, readTranscriptFile } from "./ingest.js";
import type { UsageStore } from "./store.js";

export interface ClaudeIngestOptions {
  /** `projects/` folders, e.g. from claudeProjectDirs. */
  projectDirs: string[];
  store: UsageStore;
  /**
   * Ignored: every file is read on the calling thread. Kept so callers that pass it still compile. Worker threads
   * did not pay on 2 cores: a worker needs 75-280 ms before its code runs, and copying its records back and the
   * second walker cost more than they saved (packages/cost/bench/README.md).
   */
  threads?: number;
  /** Ignored, as `threads`. */
  minBytesPerThread?: number;
}

/**
 * Ingests the Claude Code transcripts under `projectDirs` into `store`: plans what is new, then in one transaction
 * reads each file on this thread (one byte-level walk per line, src/transcript.ts) and writes what it held.
 */
export async function ingestClaudeTranscripts(options: ClaudeIngestOptions): Promise<IngestResult> {
  const source = createFsTranscriptSource({ projectDirs: options.projectDirs });
  const plan = planIngest(source, options.store);
  // Each file is read just before it is written (one file's requests in memory at a time): peak RSS and GC.
  return applyIngest(options.store, source, plan, (job) => readTranscriptFile(source, job));
}
