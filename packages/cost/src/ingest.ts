import type { AgentRunEvent } from "./agent-run-events.js";
import type { CallLookup } from "./agent-run-store.js";
import type { TranscriptEvents, UsageRecord } from "./records.js";
import { preferRecord, type UsageStore } from "./store.js";
import { scanTranscript } from "./transcript.js";

export interface TranscriptFile {
  path: string;
  /** Folder under `projects/` holding the file. */
  project: string;
  /** Set for `subagents/agent-<id>.jsonl` files. */
  agentId: string | null;
  size: number;
  mtimeMs: number;
  ino: number;
}

export interface AgentMetaFile {
  path: string;
  agentId: string;
  size: number;
  mtimeMs: number;
  ino: number;
}

/**
 * A folder as a listing last read it: while its inode and change times are the same, its entries are too, and it is
 * not read again (src/fs-source.ts, docs/transcripts.md "How folders are listed").
 */
export interface FolderState {
  ino: number;
  mtimeMs: number;
  ctimeMs: number;
  /** When it was read (epoch ms): a folder changed shortly before is read again next time, whatever its times. */
  listedMs: number;
  /** Its subfolders' names, and the names of the transcripts and meta files in it. */
  folders: string[];
  files: string[];
}

/** The I/O an ingest needs, passed in so the rules run without a disk (see createMemoryTranscriptSource). */
export interface TranscriptSource {
  /**
   * The transcripts and meta files there are now. `folders`, when the source lists folders and the store keeps
   * them, gives the folders as the last listing left them; the result's `folders` then holds the states that
   * changed (null: a folder no longer there), to keep for the next listing.
   */
  list(folders?: () => ReadonlyMap<string, FolderState>): {
    transcripts: TranscriptFile[];
    agentMeta: AgentMetaFile[];
    folders?: Map<string, FolderState | null>;
  };
  /**
   * Feeds the bytes of `file` from `offset` on to `consume` in chunks. `consume` returns the index in `buf` up to
   * which it used the chunk; the rest is handed again, with more bytes, in the next call. `atEnd` is true when
   * `buf[end]` is the file's end as listed (`file.size`). Returns the file offset just past the last byte consumed.
   */
  read(
    file: TranscriptFile,
    offset: number,
    consume: (buf: Buffer, start: number, end: number, fileOffset: number, atEnd: boolean) => number,
  ): number;
  readText(path: string): string;
}

export interface IngestResult {
  filesSeen: number;
  filesRead: number;
  bytesRead: number;
  /** Usage lines read in this run (before de-duplication against what the store already had). */
  usageLines: number;
  malformedLines: number;
  /** Files read from the start again because they were replaced or truncated. */
  filesReset: number;
}

/** One file to read: from where, and what the store knew of it. */
export interface IngestJob {
  file: TranscriptFile;
  offset: number;
  replaced: boolean;
  previousMalformed: number;
  /** For a read from `offset > 0`: the stored calls still waiting for a result (ScanContext.openCalls). */
  openCalls?: CallLookup;
}

/** What reading one file yielded; plain data, so it can cross a worker thread boundary. */
export interface FileReadResult {
  path: string;
  /**
   * The file's requests in file order, the adjacent lines of a streamed message merged into one (preferRecord). A
   * key may still come again further on (a progress echo): the store merges those, as it does across files.
   */
  records: UsageRecord[];
  agentCalls: Array<[toolUseId: string, agentType: string]>;
  agentLinks: Array<[agentId: string, toolUseId: string]>;
  /** Subagent calls and how they ended, in file order (see AgentRunEvent). */
  agentRuns: AgentRunEvent[];
  usageLines: number;
  malformed: number;
  /** Offset just past the last complete line read. */
  end: number;
}

export interface IngestPlan {
  jobs: IngestJob[];
  agentMeta: AgentMetaFile[];
  filesSeen: number;
  /** Folder states to keep (null: forget), written in the run's transaction. */
  folders?: Map<string, FolderState | null>;
}

const FEW_FILES = 8;

/** Which files have new bytes since the last run, and from which offset (0 for replaced or truncated files). */
export function planIngest(source: TranscriptSource, store: UsageStore): IngestPlan {
  const listing = source.list(store.folderStates?.bind(store));
  const { transcripts, agentMeta } = listing;
  // A few files (a focused listing) are looked up one by one: reading every state would cost more.
  const states = transcripts.length > FEW_FILES ? store.fileStates?.() : undefined;
  const jobs: IngestJob[] = [];
  // Made once, and only when some file is read from its middle (a status line's run, a hook's).
  let openCalls: CallLookup | undefined;
  for (const file of transcripts) {
    const prev = states ? states.get(file.path) : store.getFile(file.path);
    const replaced = prev !== undefined && (prev.ino !== file.ino || file.size < prev.offset);
    const offset = prev && !replaced ? prev.offset : 0;
    if (prev && !replaced && offset >= file.size) continue;
    const job: IngestJob = {
      file,
      offset,
      replaced,
      previousMalformed: replaced ? 0 : (prev?.malformed ?? 0),
    };
    if (offset > 0 && store.openAgentCalls) job.openCalls = openCalls ??= store.openAgentCalls();
    jobs.push(job);
  }
  const plan: IngestPlan = { jobs, agentMeta, filesSeen: transcripts.length };
  if (listing.folders && listing.folders.size > 0) plan.folders = listing.folders;
  return plan;
}

/** Reads one file's new bytes. Touches no store, so it can run anywhere. */
export function readTranscriptFile(source: TranscriptSource, job: IngestJob): FileReadResult {
  const { file } = job;
  // Only the last request is looked at: a map of the file's keys cost as much as the store's own (bench/README.md).
  let last: UsageRecord | null = null;
  const result: FileReadResult = {
    path: file.path,
    records: [],
    agentCalls: [],
    agentLinks: [],
    agentRuns: [],
    usageLines: 0,
    malformed: 0,
    end: job.offset,
  };
  const events: TranscriptEvents = {
    usage(record) {
      result.usageLines++;
      if (last !== null && last.key === record.key) {
        const kept = preferRecord(last, record);
        if (kept !== last) result.records[result.records.length - 1] = last = kept;
        return;
      }
      result.records.push(record);
      last = record;
    },
    agentCall: (toolUseId, agentType) => void result.agentCalls.push([toolUseId, agentType]),
    agentLink: (agentId, toolUseId) => void result.agentLinks.push([agentId, toolUseId]),
    agentRun: (event) => void result.agentRuns.push(event),
    malformed: () => void result.malformed++,
  };
  const ctx = { file: file.path, project: file.project, agentId: file.agentId, openCalls: job.openCalls };
  // At the file's end, a last line that is a whole record is counted but not consumed (read again when terminated).
  result.end = source.read(file, job.offset, (buf, start, stop, fileOffset, atEnd) =>
    scanTranscript(buf, start, stop, { ...ctx, fileOffset, atEnd }, events),
  );
  return result;
}

/**
 * Writes a plan's results to the store in one transaction: all of a run lands, or none. `results` may be a function
 * that reads a job's file: each file is then read just before its results are written, so a run holds one file's
 * requests at a time instead of all of them (less memory, and requests die young, which the GC prefers), at the cost
 * of holding the ledger's write lock while reading.
 */
export function applyIngest(
  store: UsageStore,
  source: Pick<TranscriptSource, "readText">,
  plan: IngestPlan,
  results: readonly FileReadResult[] | ((job: IngestJob) => FileReadResult),
): IngestResult {
  const result: IngestResult = {
    filesSeen: plan.filesSeen,
    filesRead: 0,
    bytesRead: 0,
    usageLines: 0,
    malformedLines: 0,
    filesReset: 0,
  };
  store.transaction(() => {
    if (plan.folders) store.putFolderStates?.(plan.folders);
    for (const meta of plan.agentMeta) {
      const prev = store.getFile(meta.path);
      if (prev && prev.mtimeMs === meta.mtimeMs && prev.size === meta.size && prev.ino === meta.ino) continue;
      const { agentType, toolUseId } = readAgentMeta(source, meta.path);
      if (agentType) store.setAgentType(meta.agentId, agentType);
      if (toolUseId) store.addAgentLink(meta.agentId, toolUseId);
      store.putFile(meta.path, { ...meta, offset: meta.size, malformed: agentType ? 0 : 1 });
    }
    plan.jobs.forEach((job, i) => {
      const read = typeof results === "function" ? results(job) : results[i];
      if (!read || read.path !== job.file.path) throw new Error(`ingest: no result for ${job.file.path}`);
      for (const [toolUseId, agentType] of read.agentCalls) store.addAgentCall(toolUseId, agentType);
      for (const [agentId, toolUseId] of read.agentLinks) store.addAgentLink(agentId, toolUseId);
      store.addAgentRunEvents(read.agentRuns);
      store.addUsage(read.records, job.file.path);
      store.putFile(job.file.path, {
        ino: job.file.ino,
        size: job.file.size,
        offset: read.end,
        mtimeMs: job.file.mtimeMs,
        malformed: job.previousMalformed + read.malformed,
      });
      result.filesRead++;
      if (job.replaced) result.filesReset++;
      result.bytesRead += read.end - job.offset;
      result.usageLines += read.usageLines;
      result.malformedLines += read.malformed;
    });
  });
  return result;
}

/**
 * Reads what is new in each transcript since the last run and adds it to the store, in one transaction.
 * Re-running over the same bytes never double counts: requests are keyed by message id and request id.
 */
export function ingestTranscripts({
  source,
  store,
}: {
  source: TranscriptSource;
  store: UsageStore;
}): IngestResult {
  const plan = planIngest(source, store);
  return applyIngest(store, source, plan, (job) => readTranscriptFile(source, job));
}

function readAgentMeta(
  source: Pick<TranscriptSource, "readText">,
  path: string,
): { agentType: string | null; toolUseId: string | null } {
  const text = (v: unknown) => (typeof v === "string" && v.length > 0 ? v : null);
  try {
    const meta: unknown = JSON.parse(source.readText(path));
    if (typeof meta === "object" && meta !== null) {
      const m = meta as Record<string, unknown>;
      return { agentType: text(m.agentType), toolUseId: text(m.toolUseId) };
    }
  } catch {
    // An unreadable or half-written meta file only loses the type hint; the parent's call may still give it.
  }
  return { agentType: null, toolUseId: null };
}
