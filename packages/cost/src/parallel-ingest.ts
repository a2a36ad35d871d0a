import type { CallLookup } from "./agent-run-store.js";
import { VextrusCostError } from "./errors.js";
import { createFsTranscriptSource } from "./fs-source.js";
import {
  applyIngest,
  type IngestPlan,
  type IngestResult,
  planIngest,
  readTranscriptFile,
  type TranscriptSource,
} from "./ingest.js";
import type { UsageStore } from "./store.js";

/**
 * New bytes from which `writer: "auto"` writes the ledger on a thread of its own: a first run, or a report after
 * a long absence. A thread costs ~50 ms to start on 2 cores and each file's requests are copied to it; it gains
 * ~1.3 ms per MB of transcripts: on the bench corpus a first run was even at 64 MB and 0.82× the wall at 200 MB
 * (packages/cost/bench/README.md, "The ledger's writer thread").
 */
export const WRITER_THREAD_MIN_BYTES = 64 * 2 ** 20;

export interface ClaudeIngestOptions {
  /** `projects/` folders, e.g. from claudeProjectDirs. */
  projectDirs: string[];
  store: UsageStore;
  /**
   * Where a SQLite ledger's rows are written (docs/ingest-thread.md). `auto` (the default): on a second thread
   * while this one reads, when the store is a file (`store.location`), the run has at least
   * WRITER_THREAD_MIN_BYTES to read and the thread's script ships beside this module; else here. `thread`: on a
   * second thread whatever the size (an error when it cannot be). `inline`: here.
   */
  writer?: "auto" | "thread" | "inline";
  /**
   * For a run that comes often and cares most about one session (a status line after every assistant message):
   * read only `transcript` (a main transcript in one of `projectDirs`) and its subagents' files, unless every
   * transcript was last listed `everyMs` or longer before `now` (or never, or `now` is before it): then list and
   * read them all, and keep `now` as the time of that listing (`store.listedAt`). Other sessions' new requests are
   * then at most `everyMs` late; this session's never are. Listing hundreds of folders is most of such a run
   * (docs/statusline.md). With `everyMs` 0, without `store.listedAt`, or for a transcript elsewhere, every run lists
   * everything.
   */
  focus?: { transcript: string; everyMs: number; now: number };
  /**
   * Called once the run knows what it will read and before it reads anything: a caller that keeps every request in
   * memory (an in-memory store) can prepare for a large read, as `vextrus cost --no-store` does (docs/ingest-thread.md,
   * "Reading everything into memory").
   */
  beforeRead?: (plan: { files: number; bytes: number }) => void;
  /** Ignored: the transcripts are read on the calling thread. Kept so callers that pass it still compile. */
  threads?: number;
  /** Ignored, as `threads`. */
  minBytesPerThread?: number;
}

/**
 * Ingests the Claude Code transcripts under `projectDirs` into `store`: plans what is new, then in one transaction
 * reads each file on this thread (one byte-level walk per line, src/transcript.ts) and writes what it held, here
 * or, for a large run into a SQLite ledger, on a second thread meanwhile.
 */
export async function ingestClaudeTranscripts(options: ClaudeIngestOptions): Promise<IngestResult> {
  const { store, writer = "auto" } = options;
  // Every run lists everything when it must anyway: nothing to keep the time of.
  const focus = options.focus && options.focus.everyMs > 0 ? options.focus : undefined;
  // A transcript outside projectDirs is no focus to the source, which then lists everything every run.
  const listAll = focus === undefined || listsEverything(store, focus);
  const source = createFsTranscriptSource({
    projectDirs: options.projectDirs,
    focus: listAll ? undefined : focus.transcript,
  });
  const plan = planIngest(source, store);
  options.beforeRead?.({ files: plan.jobs.length, bytes: newBytes(plan) });
  const result = await ingestPlan(store, source, plan, writer);
  // Kept after the run's own transaction: a run that failed keeps the old time, and the next one lists again.
  if (focus !== undefined && listAll) store.setListedAt?.(focus.now);
  return result;
}

/** Whether a focused run lists every transcript: the last full listing is `everyMs` old or unknown. */
function listsEverything(store: UsageStore, focus: { everyMs: number; now: number }): boolean {
  if (!store.listedAt || !store.setListedAt) return true;
  const last = store.listedAt();
  return last === undefined || focus.now < last || focus.now - last >= focus.everyMs;
}

async function ingestPlan(
  store: UsageStore,
  source: TranscriptSource,
  plan: IngestPlan,
  writer: "auto" | "thread" | "inline",
): Promise<IngestResult> {
  if (
    writer === "thread" ||
    (writer === "auto" && store.location && newBytes(plan) >= WRITER_THREAD_MIN_BYTES)
  ) {
    const threaded = await ingestOnWriterThread(store, source, plan, writer === "thread");
    if (threaded) return threaded;
  }
  // Each file is read just before it is written (one file's requests in memory at a time): peak RSS and GC.
  return applyIngest(store, source, plan, (job) => readTranscriptFile(source, job));
}

function newBytes(plan: IngestPlan): number {
  let bytes = 0;
  for (const job of plan.jobs) bytes += job.file.size - job.offset;
  return bytes;
}

/** Null when the thread cannot be started and `required` is false: the caller writes here instead. */
async function ingestOnWriterThread(
  store: UsageStore,
  source: TranscriptSource,
  plan: IngestPlan,
  required: boolean,
): Promise<IngestResult | null> {
  // worker_threads loads only here: most runs read a few new bytes and never need it.
  const { startLedgerWriter, writerThreadScript } = await import("./ledger-writer.js");
  const script = writerThreadScript();
  if (!store.location || !script) {
    if (!required) return null;
    throw new VextrusCostError(
      "STORE_INVALID",
      !store.location
        ? "ingest: writer 'thread' needs a SQLite ledger (store.location); use writer 'auto' or 'inline'"
        : "ingest: writer 'thread' needs ledger-writer-thread.js beside the built module; use writer 'auto' or 'inline'",
    );
  }
  const writer = startLedgerWriter(script, store.location, plan);
  // The calls this run has read so far are in the writer's open transaction, which this thread's connection does
  // not see: a later file's appended bytes must still parse a result that may end one of them (as on one thread,
  // where the lookup sees the run's own writes). A result parsed twice is kept once.
  const runCalls = new Set<string>();
  const withRunCalls = (stored: CallLookup): CallLookup => ({
    has: (id) => runCalls.has(id) || stored.has(id),
  });
  try {
    for (const job of plan.jobs) {
      if (writer.failed) break;
      const read = readTranscriptFile(
        source,
        job.openCalls ? { ...job, openCalls: withRunCalls(job.openCalls) } : job,
      );
      for (const event of read.agentRuns) if (event.kind === "call") runCalls.add(event.toolUseId);
      writer.write(read);
    }
  } catch (error) {
    await writer.abort(error instanceof Error ? error.message : String(error));
    throw error;
  }
  return writer.finish();
}
