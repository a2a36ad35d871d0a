// Worker thread of ingestClaudeTranscripts: claims files from the shared counter, reads them, posts the results.
import { parentPort, workerData } from "node:worker_threads";
import { createFsTranscriptSource } from "./fs-source.js";
import { type IngestJob, readTranscriptFile } from "./ingest.js";

const { jobs, next } = workerData as { jobs: IngestJob[]; next: Int32Array };
const source = createFsTranscriptSource({ projectDirs: [] });
const results = [];
for (let i = Atomics.add(next, 0, 1); i < jobs.length; i = Atomics.add(next, 0, 1)) {
  results.push(readTranscriptFile(source, jobs[i] as IngestJob));
}
parentPort?.postMessage(results);
