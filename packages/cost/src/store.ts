import type { AgentCallEvent, AgentEndEvent, AgentRunEvent } from "./agent-run-events.js";
import {
  type AgentRunLog,
  type AgentRunQuery,
  addRunEvents,
  type CallLookup,
  openCalls,
  queryRunEvents,
} from "./agent-run-store.js";
import type { FolderState } from "./ingest.js";
import type { UsageRecord } from "./records.js";
import { hourOf, type RollupQuery, type RollupRow, rollupRecords } from "./rollup.js";

/** How far a file has been read, and how to tell it was replaced (another inode, or shorter than before). */
export interface FileState {
  ino: number;
  size: number;
  offset: number;
  mtimeMs: number;
  /** Malformed lines skipped in this file so far. */
  malformed: number;
}

export interface UsageQuery {
  /** Inclusive lower bound on the ISO timestamp. */
  from?: string;
  /** Exclusive upper bound on the ISO timestamp. */
  to?: string;
  /**
   * Only requests of these UTC hours (`YYYY-MM-DDTHH`, `""` for a timestamp that is not a date) or of these models:
   * with either set, a request matching one of them (and the window) is returned.
   */
  hours?: readonly string[];
  models?: readonly string[];
}

/** Where ingested usage lives between runs. Implementations: memory (below), SQLite (`@vextrus/cost/node`). */
export interface UsageStore {
  getFile(path: string): FileState | undefined;
  /**
   * Every file's state at once, for planning a run: one read instead of one per file (a status line's run lists
   * hundreds). Optional: without it, a plan asks getFile for each.
   */
  fileStates?(): Map<string, FileState>;
  putFile(path: string, state: FileState): void;
  /**
   * When (epoch ms, the caller's clock) a focused run last listed every transcript (ingestClaudeTranscripts'
   * `focus`); undefined when none has. Optional: a store without it lists every transcript every run.
   */
  listedAt?(): number | undefined;
  setListedAt?(ms: number): void;
  /**
   * The transcript folders as the last full listing read them, and a listing's changes to keep (null: forget the
   * folder). Optional: without them, every listing reads every folder.
   */
  folderStates?(): Map<string, FolderState>;
  putFolderStates?(changes: ReadonlyMap<string, FolderState | null>): void;
  /**
   * Adds the requests read from one file in one pass. A request already stored (same key) is kept once: the
   * copy with the larger output_tokens wins, as for the lines of one streamed message. A store may keep the objects
   * it is given (the memory store does, to spare a first run a copy of every request): do not change them after.
   */
  addUsage(records: readonly Readonly<UsageRecord>[], file?: string): void;
  addAgentCall(toolUseId: string, agentType: string): void;
  addAgentLink(agentId: string, toolUseId: string): void;
  /** The type written in `agent-<id>.meta.json`: wins over what is inferred from the parent's call. */
  setAgentType(agentId: string, agentType: string): void;
  /** agent id → subagent type, for every agent whose type is known. */
  agentTypes(): Map<string, string>;
  /** Subagent calls and their ends read from the transcripts; a copy already stored is kept (see addRunEvents). */
  addAgentRunEvents(events: readonly AgentRunEvent[]): void;
  /** The calls started in the window, with every end known for them. */
  agentRuns(query?: AgentRunQuery): AgentRunLog;
  /**
   * The stored calls with no tool result yet, as a lookup by tool_use_id that sees later writes. Optional: without
   * it, a read from a file's middle parses every tool result it meets, since any may answer a call in the bytes
   * before (ScanContext.openCalls).
   */
  openAgentCalls?(): CallLookup;
  /** Every request once, oldest first within the window. */
  usage(query?: UsageQuery): UsageRecord[];
  /** Runs `fn` atomically: all of its writes land, or none. */
  transaction<T>(fn: () => T): T;
  counts(): { records: number; files: number; malformed: number };
  /**
   * Sums of the stored requests, grouped (src/rollup.ts); kept up to date by addUsage in the same transaction, so
   * a report reads groups, not requests. Requests whose timestamp is not a date are never in them.
   */
  rollups(query: RollupQuery): RollupRow[];
  /** Every project folder name with stored requests. */
  rollupProjects(): string[];
  /**
   * Made when the ledger is created, and again when a migration renumbers its positions: a position from
   * `changesSince` is only meaningful for the same id.
   */
  ledgerId(): string;
  /**
   * Requests stored or changed after position `mark` (0: from the start), `limit` at most (the memory store: whole
   * ingests, at least one), and the position reached. Positions only grow, so a copier (the team sync) resumes from
   * the last one it kept; a request stored again later (a grown streamed message) comes again.
   */
  changesSince(mark: number, limit: number): { records: UsageRecord[]; mark: number };
  /**
   * The SQLite file the store keeps, when it is one: a large ingest writes through a second connection to it on a
   * thread of its own (ingestClaudeTranscripts). Absent for stores a second connection cannot reach.
   */
  readonly location?: string;
  close(): void;
}

/**
 * Keeps the line with the larger output count: a streamed message's last line carries its final usage
 * (docs/transcripts.md, fact 1). Copies with the same output are told apart by their other figures, then their
 * text (laterCopy), so the copy kept never depends on which was read first: one read of every file keeps what
 * reads of each file's appends, in any order, kept.
 */
export function preferRecord(existing: UsageRecord, candidate: UsageRecord): UsageRecord {
  const kept = laterCopy(candidate, existing) ? candidate : existing;
  // Either copy may be the one that knows the subagent (the progress echo or the subagent's own file).
  const agentId = existing.agentId ?? candidate.agentId;
  const sidechain = existing.sidechain || candidate.sidechain;
  if (kept.agentId === agentId && kept.sidechain === sidechain) return kept;
  return { ...kept, agentId, sidechain };
}

/** Whether `a` comes after `b` in the order copies of one request are kept by: output first, any difference decides. */
function laterCopy(a: UsageRecord, b: UsageRecord): boolean {
  if (a.output !== b.output) return a.output > b.output;
  const d =
    a.input - b.input ||
    a.cacheRead - b.cacheRead ||
    a.cacheWrite5m - b.cacheWrite5m ||
    a.cacheWrite1h - b.cacheWrite1h ||
    (a.webSearches ?? 0) - (b.webSearches ?? 0);
  if (d !== 0) return d > 0;
  return (
    textAfter(a.timestamp, b.timestamp) ??
    textAfter(a.model, b.model) ??
    textAfter(a.speed, b.speed) ??
    textAfter(a.geo, b.geo) ??
    textAfter(a.sessionId, b.sessionId) ??
    textAfter(a.project, b.project) ??
    false
  );
}

/** Undefined when the texts are the same; a missing one (undefined, then null) comes before any text. */
function textAfter(x: string | null | undefined, y: string | null | undefined): boolean | undefined {
  if (x === y) return undefined;
  if (typeof x === "string" && typeof y === "string") return x > y;
  return rank(x) > rank(y);
}

const rank = (v: string | null | undefined) => (v === undefined ? 0 : v === null ? 1 : 2);

export function byTime(a: UsageRecord, b: UsageRecord): number {
  return a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0;
}

/** Merges requests into `into`, one per key (see preferRecord). */
export function mergeRecords(into: Map<string, UsageRecord>, records: Iterable<UsageRecord>): void {
  for (const record of records) {
    const existing = into.get(record.key);
    into.set(record.key, existing ? preferRecord(existing, record) : record);
  }
}

export function resolveAgentTypes(
  meta: ReadonlyMap<string, string>,
  links: ReadonlyMap<string, string>,
  calls: ReadonlyMap<string, string>,
): Map<string, string> {
  const types = new Map<string, string>();
  for (const [agentId, toolUseId] of links) {
    const type = calls.get(toolUseId);
    if (type) types.set(agentId, type);
  }
  for (const [agentId, type] of meta) types.set(agentId, type);
  return types;
}

/** The hours/models filter of a UsageQuery, or undefined when it has none. */
export function matcher(query: UsageQuery): ((r: UsageRecord) => boolean) | undefined {
  if (!query.hours && !query.models) return undefined;
  const hours = new Set(query.hours ?? []);
  const models = new Set(query.models ?? []);
  return (r) => models.has(r.model) || hours.has(hourOf(r.timestamp));
}

/** An in-memory store for tests and one-shot tools; it forgets everything when the process ends. */
export function createMemoryUsageStore(): UsageStore {
  const files = new Map<string, FileState>();
  const records = new Map<string, UsageRecord>();
  const calls = new Map<string, string>();
  const links = new Map<string, string>();
  const meta = new Map<string, string>();
  const runCalls = new Map<string, AgentCallEvent>();
  const runEnds = new Map<string, AgentEndEvent>();
  const log: UsageRecord[][] = [];
  // Made when first asked for: `--no-store` never does, and Web Crypto costs a process ~5-10 ms to load.
  let id: string | undefined;
  let listedAt: number | undefined;
  const folders = new Map<string, FolderState>();
  return {
    getFile: (path) => {
      const state = files.get(path);
      return state && { ...state };
    },
    putFile: (path, state) => void files.set(path, { ...state }),
    listedAt: () => listedAt,
    setListedAt: (ms) => {
      listedAt = ms;
    },
    folderStates: () => new Map(folders),
    putFolderStates(changes) {
      for (const [path, state] of changes) {
        if (state === null) folders.delete(path);
        else folders.set(path, { ...state, folders: [...state.folders], files: [...state.files] });
      }
    },
    addUsage(batch) {
      if (batch.length === 0) return;
      // The records are kept as given (see UsageStore.addUsage), shared by the merged view and the log: neither is
      // changed in place, and every read hands out copies.
      // An indexed loop: this runs once per file, too few times for the JIT to optimise a for-of.
      for (let i = 0; i < batch.length; i++) {
        const record = batch[i] as UsageRecord;
        const existing = records.get(record.key);
        if (existing === undefined) records.set(record.key, record);
        else {
          const kept = preferRecord(existing, record);
          if (kept !== existing) records.set(record.key, kept);
        }
      }
      log.push(batch.slice());
    },
    addAgentCall: (id, type) => void calls.set(id, type),
    addAgentLink: (agentId, toolUseId) => void links.set(agentId, toolUseId),
    setAgentType: (agentId, type) => void meta.set(agentId, type),
    agentTypes: () => resolveAgentTypes(meta, links, calls),
    addAgentRunEvents: (events) => addRunEvents(runCalls, runEnds, events),
    agentRuns: (query) => queryRunEvents(runCalls, runEnds, links, query),
    openAgentCalls: () => openCalls(runCalls, runEnds),
    usage(query = {}) {
      const only = matcher(query);
      const out: UsageRecord[] = [];
      for (const r of records.values()) {
        if (query.from && r.timestamp < query.from) continue;
        if (query.to && r.timestamp >= query.to) continue;
        if (only && !only(r)) continue;
        out.push({ ...r });
      }
      return out.sort(byTime);
    },
    rollups: (query) => rollupRecords(records.values(), query),
    rollupProjects: () => [...new Set([...records.values()].map((r) => r.project))].sort(),
    transaction(fn) {
      // Snapshot so a throw inside leaves the store as it was, like a rolled-back SQL transaction.
      const saved = [
        new Map(files),
        new Map(records),
        new Map(calls),
        new Map(links),
        new Map(meta),
        new Map(runCalls),
        new Map(runEnds),
        new Map(folders),
      ] as const;
      try {
        return fn();
      } catch (error) {
        const maps = [files, records, calls, links, meta, runCalls, runEnds, folders] as Map<
          string,
          unknown
        >[];
        maps.forEach((map, i) => {
          map.clear();
          for (const [k, v] of saved[i] as Map<string, unknown>) map.set(k, v);
        });
        throw error;
      }
    },
    counts: () => ({
      records: records.size,
      files: files.size,
      malformed: [...files.values()].reduce((sum, f) => sum + f.malformed, 0),
    }),
    ledgerId: () => {
      id ??= globalThis.crypto.randomUUID();
      return id;
    },
    changesSince(mark, limit) {
      const out: UsageRecord[] = [];
      let at = mark;
      while (at < log.length && (out.length === 0 || out.length + (log[at]?.length ?? 0) <= limit)) {
        for (const r of log[at] ?? []) out.push({ ...r });
        at++;
      }
      return { records: out, mark: at };
    },
    close() {},
  };
}
