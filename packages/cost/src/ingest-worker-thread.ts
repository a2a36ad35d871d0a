import { parentPort, workerData } from "node:worker_threads";
import { createFsTranscriptSource } from "./fs-source.js";
import { type IngestJob, readTranscriptFile } from "./ingest.js";

/**
 * The body of the ingest worker thread that ingestClaudeTranscripts used to start (it reads on the calling thread
 * now: workers did not pay on 2 cores): claims files from the shared counter, reads them, posts the results. Kept
 * for the apps whose bundles still build an `ingest-worker` entry (`dist/ingest-worker.js` runs it).
 */
export function runIngestWorker(): void {
  const { jobs, next } = workerData as { jobs: IngestJob[]; next: Int32Array };
  const source = createFsTranscriptSource({ projectDirs: [] });
  const results = [];
  for (let i = Atomics.add(next, 0, 1); i < jobs.length; i = Atomics.add(next, 0, 1)) {
    results.push(readTranscriptFile(source, jobs[i] as IngestJob));
  }
  parentPort?.postMessage(results);
}
