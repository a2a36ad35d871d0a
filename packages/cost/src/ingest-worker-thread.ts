import { parentPort, workerData } from "node:worker_threads";
import { createFsTranscriptSource } from "./fs-source.js";
import { type IngestJob, readTranscriptFile } from "./ingest.js";

/**
 * The body of ingestClaudeTranscripts' worker thread: claims files from the shared counter, reads them, posts the
 * results. `dist/ingest-worker.js` runs it; an app that bundles this package builds its own `ingest-worker.js`
 * beside its bundle that calls it, because the pool starts the file next to the module that holds it.
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
