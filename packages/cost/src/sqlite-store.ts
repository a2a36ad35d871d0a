import { closeSync, existsSync, mkdirSync, openSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { decodeBatch, encodeBatch } from "./batch-codec.js";
import { VextrusCostError } from "./errors.js";
import type { UsageRecord } from "./records.js";
import { AGENT_RUN_SCHEMA, sqliteAgentRuns } from "./sqlite-agent-runs.js";
import { ROLLUP_FORMAT, ROLLUP_META_KEY, ROLLUP_SCHEMA, sqliteRollups } from "./sqlite-rollups.js";
import { allRows } from "./sqlite-rows.js";
import {
  byTime,
  type FileState,
  mergeRecords,
  resolveAgentTypes,
  type UsageQuery,
  type UsageStore,
} from "./store.js";

const SCHEMA_VERSION = "3";
/** Schema 2 (no rollups) is migrated on open: its requests are kept once more, one row each, and rolled up. */
const MIGRATES_FROM = "2";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS cost_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cost_files (
  path TEXT PRIMARY KEY, ino INTEGER NOT NULL, size INTEGER NOT NULL, offset INTEGER NOT NULL,
  mtime_ms INTEGER NOT NULL, malformed INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS cost_batches (
  id INTEGER PRIMARY KEY, file TEXT NOT NULL, min_ts TEXT NOT NULL, max_ts TEXT NOT NULL,
  records INTEGER NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS cost_batches_file ON cost_batches (file);
CREATE TABLE IF NOT EXISTS cost_agent_calls (tool_use_id TEXT PRIMARY KEY, agent_type TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cost_agent_links (agent_id TEXT PRIMARY KEY, tool_use_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cost_agent_meta (agent_id TEXT PRIMARY KEY, agent_type TEXT NOT NULL);
`;

/** A file appended to in many small runs (hooks ingest after every subagent) is folded into one batch. */
const MAX_BATCHES_PER_FILE = 32;

/**
 * A missing folder is made private (0700): the ledger shows what a person worked on. What else a state folder
 * holds (a project's `.gitignore`) is the caller's to decide: Vextrus's apps ask @vextrus/config for it.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

function openDatabase(path: string): DatabaseSync {
  if (path !== ":memory:") {
    ensurePrivateDir(dirname(path));
    if (!existsSync(path)) closeSync(openSync(path, "a", 0o600));
    else if (statSync(path).isDirectory()) {
      throw new VextrusCostError(
        "STORE_INVALID",
        `store: ${path} is a folder, expected a SQLite database file`,
      );
    }
  }
  try {
    const db = new DatabaseSync(path, { timeout: 5000 });
    db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
    return db;
  } catch (cause) {
    throw storeError(path, cause);
  }
}

function storeError(path: string, cause: unknown): VextrusCostError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  if (/database is locked|SQLITE_BUSY/i.test(detail)) {
    return new VextrusCostError(
      "STORE_LOCKED",
      `store: ${path} stayed locked by another process for 5 s; try again`,
      {
        cause,
      },
    );
  }
  return new VextrusCostError(
    "STORE_INVALID",
    `store: ${path} is not a usable Vextrus database (${detail}); move it aside and run again to rebuild it from the transcripts`,
    { cause },
  );
}

function prepareStatements(db: DatabaseSync) {
  return {
    getFile: db.prepare(
      "SELECT ino, size, offset, mtime_ms AS mtimeMs, malformed FROM cost_files WHERE path = ?",
    ),
    allFiles: db.prepare("SELECT path, ino, size, offset, mtime_ms, malformed FROM cost_files"),
    putFile: db.prepare(
      "INSERT OR REPLACE INTO cost_files (path, ino, size, offset, mtime_ms, malformed) VALUES (?, ?, ?, ?, ?, ?)",
    ),
    addBatch: db.prepare(
      "INSERT INTO cost_batches (file, min_ts, max_ts, records, data) VALUES (?, ?, ?, ?, ?)",
    ),
    fileBatches: db.prepare("SELECT count(*) AS n FROM cost_batches WHERE file = ?"),
    fileData: db.prepare("SELECT data FROM cost_batches WHERE file = ?"),
    call: db.prepare("INSERT OR REPLACE INTO cost_agent_calls (tool_use_id, agent_type) VALUES (?, ?)"),
    link: db.prepare("INSERT OR REPLACE INTO cost_agent_links (agent_id, tool_use_id) VALUES (?, ?)"),
    meta: db.prepare("INSERT OR REPLACE INTO cost_agent_meta (agent_id, agent_type) VALUES (?, ?)"),
    // A batch's id is its position for changesSince: a new batch always gets an id above every other (SQLite gives
    // max(id) + 1, and a fold writes its batch before removing the ones it replaces, so the max is never reused).
    changes: db.prepare("SELECT id, records, data FROM cost_batches WHERE id > ? ORDER BY id LIMIT ?"),
    dropOlder: db.prepare("DELETE FROM cost_batches WHERE file = ? AND id < ?"),
  };
}

/** The embedded store: one SQLite file (node:sqlite), safe for several processes at once (WAL, busy timeout). */
export function openSqliteUsageStore(path: string): UsageStore {
  const db = openDatabase(path);
  let statements: ReturnType<typeof prepareStatements>;
  try {
    const version = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'cost_meta'")
      .get();
    if (version) {
      const row = db.prepare("SELECT value FROM cost_meta WHERE key = 'schema'").get() as
        | { value: string }
        | undefined;
      if (row && row.value !== SCHEMA_VERSION && row.value !== MIGRATES_FROM) {
        throw new VextrusCostError(
          "STORE_INVALID",
          `store: ${path} has cost schema ${row.value}, this version reads ${SCHEMA_VERSION}; upgrade Vextrus or move the file aside`,
        );
      }
    }
    const hadRuns = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'cost_agent_run_calls'")
      .get();
    db.exec(SCHEMA);
    db.exec(AGENT_RUN_SCHEMA);
    db.exec(ROLLUP_SCHEMA);
    // A ledger from before subagent runs were kept: read every transcript again once, so the runs of the history
    // it already holds are found too (requests read twice are kept once, by key).
    if (!hadRuns) db.exec("UPDATE cost_files SET offset = 0, mtime_ms = -1");
    db.prepare("INSERT OR IGNORE INTO cost_meta (key, value) VALUES ('schema', ?)").run(SCHEMA_VERSION);
    // Made only when missing: Web Crypto costs a run ~10 ms to load.
    if (!db.prepare("SELECT 1 FROM cost_meta WHERE key = 'ledger_id'").get())
      db.prepare("INSERT OR IGNORE INTO cost_meta (key, value) VALUES ('ledger_id', ?)").run(
        globalThis.crypto.randomUUID(),
      );
    statements = prepareStatements(db);
  } catch (cause) {
    db.close();
    throw cause instanceof VextrusCostError ? cause : storeError(path, cause);
  }
  const s = statements;
  const runs = sqliteAgentRuns(db);
  const rollups = sqliteRollups(db);
  let depth = 0;
  const store: UsageStore = {
    getFile: (p) => (s.getFile.get(p) as FileState | undefined) ?? undefined,
    fileStates: () =>
      new Map(
        allRows(s.allFiles).map((r) => [
          r[0] as string,
          { ino: r[1], size: r[2], offset: r[3], mtimeMs: r[4], malformed: r[5] } as FileState,
        ]),
      ),
    putFile: (p, f) => void s.putFile.run(p, f.ino, f.size, f.offset, f.mtimeMs, f.malformed),
    addUsage(records, file = "") {
      if (records.length === 0) return;
      rollups.add(records);
      if (depth === 0) rollups.flush();
      const write = (batch: readonly UsageRecord[]) => {
        let min = batch[0]?.timestamp ?? "";
        let max = min;
        for (const r of batch) {
          if (r.timestamp < min) min = r.timestamp;
          if (r.timestamp > max) max = r.timestamp;
        }
        return Number(s.addBatch.run(file, min, max, batch.length, encodeBatch(batch)).lastInsertRowid);
      };
      const existing = Number((s.fileBatches.get(file) as { n: number } | undefined)?.n ?? 0);
      if (existing + 1 < MAX_BATCHES_PER_FILE) return void write(records);
      const merged = new Map<string, UsageRecord>();
      for (const row of s.fileData.all(file) as { data: string }[])
        mergeRecords(merged, decodeBatch(row.data));
      mergeRecords(merged, records);
      s.dropOlder.run(file, write([...merged.values()]));
    },
    addAgentCall: (id, type) => void s.call.run(id, type),
    addAgentLink: (agentId, toolUseId) => void s.link.run(agentId, toolUseId),
    setAgentType: (agentId, type) => void s.meta.run(agentId, type),
    addAgentRunEvents: (events) => runs.add(events),
    agentRuns: (query) => runs.query(query),
    agentTypes() {
      const pairs = (sql: string) =>
        new Map(
          db
            .prepare(sql)
            .all()
            .map((r) => Object.values(r) as [string, string]),
        );
      return resolveAgentTypes(
        pairs("SELECT agent_id, agent_type FROM cost_agent_meta"),
        pairs("SELECT agent_id, tool_use_id FROM cost_agent_links"),
        pairs("SELECT tool_use_id, agent_type FROM cost_agent_calls"),
      );
    },
    // Each request as merged at ingest (cost_requests), not re-merged from the batches of the window: a window
    // that held only some copies of a request would see it without the agent or output its other copies brought.
    usage: (query: UsageQuery = {}) => rollups.requests(query),
    rollups: (query) => rollups.rollups(query),
    rollupProjects: () => rollups.projects(),
    transaction(fn) {
      if (depth > 0) return fn();
      try {
        db.exec("BEGIN IMMEDIATE");
      } catch (cause) {
        throw storeError(path, cause);
      }
      depth++;
      try {
        const result = fn();
        rollups.flush();
        db.exec("COMMIT");
        return result;
      } catch (error) {
        rollups.discard();
        db.exec("ROLLBACK");
        throw error;
      } finally {
        depth--;
      }
    },
    counts() {
      const one = (sql: string) => Number(Object.values(db.prepare(sql).get() ?? { n: 0 })[0] ?? 0);
      return {
        records: store.usage().length,
        files: one("SELECT count(*) FROM cost_files"),
        malformed: one("SELECT coalesce(sum(malformed), 0) FROM cost_files"),
      };
    },
    ledgerId() {
      const row = db.prepare("SELECT value FROM cost_meta WHERE key = 'ledger_id'").get() as {
        value: string;
      };
      return row.value;
    },
    changesSince(mark, limit) {
      const out: UsageRecord[] = [];
      let at = mark;
      // Whole batches, so a position never falls inside one; at least one, however large.
      const rows = s.changes.iterate(mark, Math.max(1, limit)) as Iterable<{
        id: number;
        records: number;
        data: string;
      }>;
      for (const row of rows) {
        if (out.length > 0 && out.length + row.records > limit) break;
        for (const r of decodeBatch(row.data)) out.push(r);
        at = row.id;
      }
      return { records: out, mark: at };
    },
    close: () => db.close(),
  };
  try {
    upgradeRollups(db, store, rollups);
  } catch (cause) {
    db.close();
    throw cause instanceof VextrusCostError ? cause : storeError(path, cause);
  }
  return store;
}

/** Every request once, merged from the batches in the order they were written: what schema 2 reads as its usage. */
function batchUsage(db: DatabaseSync): UsageRecord[] {
  const merged = new Map<string, UsageRecord>();
  for (const row of db.prepare("SELECT data FROM cost_batches ORDER BY id").all() as { data: string }[])
    mergeRecords(merged, decodeBatch(row.data));
  return [...merged.values()].sort(byTime);
}

/**
 * Builds the kept requests and rollups from the batches when the ledger is from before them (schema 2), from an
 * older layout of them, or banded with other long-context thresholds (ROLLUP_FORMAT). Checked without a lock
 * first, so a ledger that needs nothing costs one read; under the write lock again, so two processes opening it
 * at once do it once.
 */
function upgradeRollups(
  db: DatabaseSync,
  store: UsageStore,
  rollups: ReturnType<typeof sqliteRollups>,
): void {
  const meta = (key: string) =>
    (db.prepare("SELECT value FROM cost_meta WHERE key = ?").get(key) as { value: string } | undefined)
      ?.value;
  const current = () => meta("schema") === SCHEMA_VERSION && meta(ROLLUP_META_KEY) === ROLLUP_FORMAT;
  if (current()) return;
  store.transaction(() => {
    if (current()) return;
    rollups.rebuild(batchUsage(db));
    db.prepare("UPDATE cost_meta SET value = ? WHERE key = 'schema'").run(SCHEMA_VERSION);
  });
}
