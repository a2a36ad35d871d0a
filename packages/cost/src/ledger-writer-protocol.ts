// What the ingest's two threads say to each other (ledger-writer.ts on the reading side, ledger-writer-thread.ts on
// the writing side): plain data only, so it crosses a thread as a structured clone.
import type { MessagePort } from "node:worker_threads";
import type { FileReadResult, IngestPlan, IngestResult } from "./ingest.js";
import type { RecordColumns } from "./record-columns.js";

/** The thread's script, emitted beside the module that starts it. */
export const WRITER_THREAD_FILE = "ledger-writer-thread.js";

/** Slots of the shared Int32Array: messages posted so far (the writer waits on it), and whether the writer failed. */
export const POSTED = 0;
export const FAILED = 1;

export interface WriterData {
  location: string;
  plan: IngestPlan;
  /** Reading side → writer, read synchronously inside the run's transaction (receiveMessageOnPort). */
  port: MessagePort;
  signal: SharedArrayBuffer;
}

/** A file's read with its requests as columns (record-columns.ts). */
export type ColumnRead = Omit<FileReadResult, "records"> & { records: RecordColumns };

export type WriterMessage = { read: ColumnRead } | { abort: string };

export interface WriterError {
  name: string;
  message: string;
  /** A VextrusCostError's code and detail, so the reading side throws the same error. */
  code?: string;
  detail?: string;
}

export type WriterReply = { result: IngestResult } | { error: WriterError };
