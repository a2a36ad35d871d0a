import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { createFsTranscriptSource } from "./fs-source.js";
import {
  applyIngest,
  type FileReadResult,
  type IngestJob,
  type IngestResult,
  planIngest,
  readTranscriptFile,
} from "./ingest.js";
import type { UsageStore } from "./store.js";

export interface ClaudeIngestOptions {
  /** `projects/` folders, e.g. from claudeProjectDirs. */
  projectDirs: string[];
  store: UsageStore;
  /** Threads to read with, this one included; default: the machine's available parallelism. */
  threads?: number;
  /** Below this many new bytes per extra thread, starting one costs more than it saves. */
  minBytesPerThread?: number;
}

// From the sources (vitest) the worker is the built one; from dist it is the sibling file.
const WORKER = new URL(
  import.meta.url.endsWith(".ts") ? "../dist/ingest-worker.js" : "./ingest-worker.js",
  import.meta.url,
);

/**
 * Reads `jobs` on this thread and `workers` worker threads at once. Each thread claims the next unread job from a
 * shared counter, so a thread that started late or got small files simply takes more of them.
 */
async function readInParallel(
  jobs: IngestJob[],
  workers: number,
  readHere: (job: IngestJob) => FileReadResult,
) {
  const next = new Int32Array(new SharedArrayBuffer(4));
  const pending = Array.from(
    { length: workers },
    () =>
      new Promise<FileReadResult[]>((resolve, reject) => {
        const worker = new Worker(WORKER, { workerData: { jobs, next } });
        worker.once("message", resolve);
        worker.once("error", reject);
        worker.once("exit", (code) => {
          if (code !== 0) reject(new Error(`ingest worker exited with code ${code}`));
        });
      }),
  );
  const results: FileReadResult[] = [];
  for (let i = Atomics.add(next, 0, 1); i < jobs.length; i = Atomics.add(next, 0, 1)) {
    results.push(readHere(jobs[i] as IngestJob));
  }
  for (const theirs of await Promise.all(pending)) results.push(...theirs);
  return results;
}

/**
 * Ingests the Claude Code transcripts under `projectDirs` into `store`, reading large backlogs (a first run over
 * months of transcripts) on several threads. Small increments, the common case, stay on this thread.
 */
export async function ingestClaudeTranscripts(options: ClaudeIngestOptions): Promise<IngestResult> {
  const source = createFsTranscriptSource({ projectDirs: options.projectDirs });
  const plan = planIngest(source, options.store);
  const bytes = plan.jobs.reduce((sum, job) => sum + job.file.size - job.offset, 0);
  const minBytes = options.minBytesPerThread ?? 32 * 1024 * 1024;
  const threads = Math.max(
    1,
    Math.min(options.threads ?? availableParallelism(), plan.jobs.length, 1 + Math.floor(bytes / minBytes)),
  );
  let results: FileReadResult[];
  if (threads === 1) {
    results = plan.jobs.map((job) => readTranscriptFile(source, job));
  } else {
    // Largest first, so no thread is left alone with one big file at the end.
    const bySize = [...plan.jobs].sort((a, b) => b.file.size - b.offset - (a.file.size - a.offset));
    const read = await readInParallel(bySize, threads - 1, (job) => readTranscriptFile(source, job));
    const byPath = new Map(read.map((r) => [r.path, r]));
    results = plan.jobs.map((job) => byPath.get(job.file.path) as FileReadResult);
  }
  return applyIngest(options.store, source, plan, results);
}
