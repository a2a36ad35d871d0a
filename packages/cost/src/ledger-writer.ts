// The ledger written on a thread of its own while this one reads the transcripts (docs/ingest-thread.md). Loaded
// only for a large ingest: a report, a status line or a hook reading a few new bytes never loads worker_threads.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { MessageChannel, Worker } from "node:worker_threads";
import { VextrusCostError } from "./errors.js";
import type { FileReadResult, IngestPlan, IngestResult } from "./ingest.js";
import {
  FAILED,
  POSTED,
  WRITER_THREAD_FILE,
  type WriterData,
  type WriterError,
  type WriterMessage,
  type WriterReply,
} from "./ledger-writer-protocol.js";
import { recordsToColumns } from "./record-columns.js";

export interface LedgerWriter {
  /** Hands one file's read to the thread, which writes it in the run's transaction. */
  write(read: FileReadResult): void;
  /** The thread failed (its error comes from `finish`): reading more files is wasted work. */
  readonly failed: boolean;
  /** Resolves when the thread has written every planned file and committed the run. */
  finish(): Promise<IngestResult>;
  /** Rolls the run back (this thread could not read a file) and waits for the thread to stop. */
  abort(reason: string): Promise<void>;
}

/**
 * The thread's script: beside this module in the package's dist/, and beside the chunk holding this module in an
 * app that bundles it (the app's build emits the `ledger-writer-thread` entry). Null when it is not there (a
 * test run from source, a bundle without the entry): the caller then writes on its own thread.
 */
export function writerThreadScript(): URL | null {
  try {
    const url = new URL(`./${WRITER_THREAD_FILE}`, import.meta.url);
    return url.protocol === "file:" && existsSync(fileURLToPath(url)) ? url : null;
  } catch {
    return null;
  }
}

/**
 * The thread's young generation, in MB. Its objects live for one file (the rows it inserts), yet V8 let it grow to
 * 16 MB, which a first run's peak RSS paid: 8 MB took ~8 MB off the peak over the bench's `requests` corpus (71k
 * requests; the peak of 11 runs: 145 to 137 MB, goal 150), at the same speed. 4 MB was worse: rows were promoted,
 * and the old generation grew to ~30 MB (docs/ingest-thread.md).
 */
const WRITER_YOUNG_GENERATION_MB = 8;

/** Starts the thread: it opens the ledger at `location` and begins the run's transaction at once. */
export function startLedgerWriter(script: URL, location: string, plan: IngestPlan): LedgerWriter {
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(8));
  const data: WriterData = {
    location,
    // The lookup of open calls serves this thread's reads; the writer needs the plan's plain data only.
    plan: { ...plan, jobs: plan.jobs.map(({ openCalls: _, ...job }) => job) },
    port: port2,
    signal: signal.buffer as SharedArrayBuffer,
  };
  const worker = new Worker(script, {
    workerData: data,
    transferList: [port2],
    resourceLimits: { maxYoungGenerationSizeMb: WRITER_YOUNG_GENERATION_MB },
  });
  const reply = new Promise<WriterReply>((resolve) => {
    worker.once("message", (message: WriterReply) => resolve(message));
    worker.once("error", (error) => resolve({ error: { name: error.name, message: error.message } }));
    worker.once("exit", (code) =>
      resolve({
        error: { name: "Error", message: `the ledger's writer thread stopped (exit code ${code})` },
      }),
    );
  });
  const send = (message: WriterMessage, transfer: ArrayBuffer[] = []) => {
    port1.postMessage(message, transfer);
    Atomics.add(signal, POSTED, 1);
    Atomics.notify(signal, POSTED);
  };
  const settle = async (): Promise<WriterReply> => {
    const answer = await reply;
    port1.close();
    // After a commit the thread copies the run into the ledger file (its checkpoint) and ends by itself; this
    // process waits for it before exiting. After a failure nothing is left for it to do.
    if (!("result" in answer)) await worker.terminate();
    return answer;
  };
  return {
    write(read) {
      const records = recordsToColumns(read.records);
      send({ read: { ...read, records } }, [
        records.refs.buffer as ArrayBuffer,
        records.numbers.buffer as ArrayBuffer,
      ]);
    },
    get failed() {
      return Atomics.load(signal, FAILED) !== 0;
    },
    async finish() {
      const answer = await settle();
      if ("result" in answer) return answer.result;
      throw rebuildError(answer.error);
    },
    async abort(reason) {
      send({ abort: reason });
      await settle();
    },
  };
}

/** The writer's error as this side throws it: a VextrusCostError again (same code and detail), else an Error. */
function rebuildError(error: WriterError): Error {
  if (error.name === "VextrusCostError" && error.code && error.detail !== undefined)
    return new VextrusCostError(error.code as VextrusCostError["code"], error.detail);
  return new Error(error.message);
}
