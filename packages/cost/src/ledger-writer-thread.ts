// The writing side of a large ingest (ledger-writer.ts starts it): opens a second connection to the ledger, and in
// one transaction writes each file's read as the reading thread hands it over, through the same applyIngest as an
// ingest on one thread. A failure rolls the whole run back and is reported, not thrown at the process.
import { readFileSync } from "node:fs";
import { parentPort, receiveMessageOnPort, workerData } from "node:worker_threads";
import { applyIngest, type FileReadResult } from "./ingest.js";
import {
  FAILED,
  POSTED,
  type WriterData,
  type WriterError,
  type WriterMessage,
  type WriterReply,
} from "./ledger-writer-protocol.js";
import { columnsToRecords } from "./record-columns.js";
import { openSqliteUsageStore } from "./sqlite-store.js";
import { checkpointWal } from "./sqlite-wal.js";

const { location, plan, port, signal } = workerData as WriterData;
// Held until the commit, a run's pages are written once, at the commit, instead of also as SQLite's default 2 MiB cache
// fills. 16 MiB holds the 12 MB a first run over the bench corpus's 36k requests writes; a larger cache raised the
// peak RSS of a first run over 71k requests from ~128 to ~150 MB (bench/README.md, "a ledger in 16 KiB pages").
const CACHE_MIB = 16;
const shared = new Int32Array(signal);

/** The next message, waiting for it: the transaction stays open meanwhile (it is the run's). */
function receive(): WriterMessage {
  for (;;) {
    const posted = Atomics.load(shared, POSTED);
    const got = receiveMessageOnPort(port);
    if (got) return got.message as WriterMessage;
    // Woken by the next post: it moves the counter, so a post between the two reads above ends the wait at once.
    // The timeout is a safety net only.
    Atomics.wait(shared, POSTED, posted, 1000);
  }
}

function nextRead(): FileReadResult {
  const message = receive();
  if ("abort" in message) throw new Error(`ingest stopped: ${message.abort}`);
  return { ...message.read, records: columnsToRecords(message.read.records) };
}

function describe(error: unknown): WriterError {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  const { code, detail } = error as { code?: unknown; detail?: unknown };
  return {
    name: error.name,
    message: error.message,
    ...(typeof code === "string" ? { code } : {}),
    ...(typeof detail === "string" ? { detail } : {}),
  };
}

let reply: WriterReply;
try {
  const store = openSqliteUsageStore(location, { cacheMiB: CACHE_MIB });
  try {
    reply = {
      result: applyIngest(store, { readText: (path) => readFileSync(path, "utf8") }, plan, nextRead),
    };
  } finally {
    store.close();
  }
} catch (error) {
  Atomics.store(shared, FAILED, 1);
  reply = { error: describe(error) };
}
parentPort?.postMessage(reply);
// The run is committed and answered. Its pages still wait in the WAL, and the ledger's last connection to close would
// copy them into the file (two fsyncs: ~45 ms on the bench corpus) on the reading thread, before its report is out:
// here it overlaps the report. A failed copy loses nothing (the WAL holds the run; a later close copies it).
if ("result" in reply) checkpointWal(location);
