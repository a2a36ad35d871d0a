import { closeSync, existsSync, mkdirSync, openSync, statSync } from "node:fs";
import { dirname } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { decodeBatch } from "./batch-codec.js";
import { VextrusCostError } from "./errors.js";
import type { UsageRecord } from "./records.js";
import { AGENT_RUN_SCHEMA, sqliteAgentRuns } from "./sqlite-agent-runs.js";
import {
  hasSeq,
  ROLLUP_FORMAT,
  ROLLUP_META_KEY,
  ROLLUP_SCHEMA,
  SEQ_INDEX,
  sqliteRollups,
} from "./sqlite-rollups.js";
import { allRows } from "./sqlite-rows.js";
import { openWalDatabase } from "./sqlite-wal.js";
import {
  byTime,
  type FileState,
  mergeRecords,
  resolveAgentTypes,
  type UsageQuery,
  type UsageStore,
} from "./store.js";

const SCHEMA_VERSION = "4";
/**
 * Migrated on open: schema 2 (no rollups) has its requests kept once more, one row each, and rolled up; schema 3
 * gets the change positions (`seq`). Both lose their batches (`cost_batches`, each file's requests once more as
 * JSON: the team sync's feed before `seq`) and get a new ledger id, so a team sync sends everything once again.
 */
const MIGRATES_FROM = ["2", "3"];

const SCHEMA = `
CREATE TABLE IF NOT EXISTS cost_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cost_files (
  path TEXT PRIMARY KEY, ino INTEGER NOT NULL, size INTEGER NOT NULL, offset INTEGER NOT NULL,
  mtime_ms INTEGER NOT NULL, malformed INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS cost_agent_calls (tool_use_id TEXT PRIMARY KEY, agent_type TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cost_agent_links (agent_id TEXT PRIMARY KEY, tool_use_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cost_agent_meta (agent_id TEXT PRIMARY KEY, agent_type TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cost_folders (
  path TEXT PRIMARY KEY, ino INTEGER NOT NULL, mtime_ms REAL NOT NULL, ctime_ms REAL NOT NULL,
  listed_ms REAL NOT NULL, folders TEXT NOT NULL, files TEXT NOT NULL);
`;

/**
 * A missing folder is made private (0700): the ledger shows what a person worked on. What else a state folder
 * holds (a project's `.gitignore`) is the caller's to decide: Vextrus's apps ask @vextrus/config for it.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/**
 * Makes a database file's folder (0700) and the file itself (0600) when missing, so a new store is private from its
 * first byte (SQLite would create it with the process's umask). False when `path` is a folder: the caller refuses
 * it with its own store's error.
 */
export function ensurePrivateFile(path: string): boolean {
  ensurePrivateDir(dirname(path));
  if (!existsSync(path)) closeSync(openSync(path, "a", 0o600));
  else if (statSync(path).isDirectory()) return false;
  return true;
}

// Concurrent writers (hooks, the status line, the CLI) queue this long for the ledger before giving up.
const BUSY_TIMEOUT_MS = 5000;
const names = (joined: string): string[] => (joined === "" ? [] : joined.split("/"));
// cost_meta's key for UsageStore.listedAt: a value, not a schema change, so older builds read the ledger as before.
const LISTED_AT = "listed_at";

/**
 * A new ledger's page size. A first run writes tens of thousands of request rows: with 16 KiB pages the rows and
 * their indexes take a quarter of the pages (the bench corpus's 36k requests: ~750, under SQLite's 1,000-page
 * checkpoint threshold, so the commit does not also copy them into the file; packages/cost/bench/README.md,
 * "Figures 2026-12-03, a ledger in 16 KiB pages"). A ledger made before keeps its
 * 4 KiB pages: SQLite only changes them by rewriting the whole file.
 */
export const LEDGER_PAGE_SIZE = 16384;

/**
 * A new ledger's id, as SQL: a random UUID (version 4) from SQLite's own generator, which the OS seeds. A ledger is
 * made on a first run, which is timed: Web Crypto's `randomUUID` costs a process ~5-10 ms to load.
 */
const NEW_LEDGER_ID = `(SELECT lower(substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-' ||
  substr('89ab89ab89ab89ab', instr('0123456789ABCDEF', substr(h, 17, 1)), 1) || substr(h, 18, 3) || '-' || substr(h, 21, 12))
  FROM (SELECT hex(randomblob(16)) AS h))`;

export interface SqliteUsageStoreOptions {
  /**
   * This connection's page cache in MiB (SQLite's default: 2). A large ingest's writer asks for enough to hold the
   * run's pages until its commit, instead of writing them to the WAL as the cache fills and again when they change.
   */
  cacheMiB?: number;
}

function openDatabase(path: string, options: SqliteUsageStoreOptions): DatabaseSync {
  if (path !== ":memory:" && !ensurePrivateFile(path))
    throw new VextrusCostError(
      "STORE_INVALID",
      `store: ${path} is a folder, expected a SQLite database file`,
    );
  try {
    return openWalDatabase(path, BUSY_TIMEOUT_MS, { pageSize: LEDGER_PAGE_SIZE, ...options });
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
    call: db.prepare("INSERT OR REPLACE INTO cost_agent_calls (tool_use_id, agent_type) VALUES (?, ?)"),
    link: db.prepare("INSERT OR REPLACE INTO cost_agent_links (agent_id, tool_use_id) VALUES (?, ?)"),
    meta: db.prepare("INSERT OR REPLACE INTO cost_agent_meta (agent_id, agent_type) VALUES (?, ?)"),
    allFolders: db.prepare(
      "SELECT path, ino, mtime_ms, ctime_ms, listed_ms, folders, files FROM cost_folders",
    ),
    putFolder: db.prepare(
      "INSERT OR REPLACE INTO cost_folders (path, ino, mtime_ms, ctime_ms, listed_ms, folders, files) VALUES (?, ?, ?, ?, ?, ?, ?)",
    ),
    dropFolder: db.prepare("DELETE FROM cost_folders WHERE path = ?"),
  };
}

/** The embedded store: one SQLite file (node:sqlite), safe for several processes at once (WAL, busy timeout). */
export function openSqliteUsageStore(path: string, options: SqliteUsageStoreOptions = {}): UsageStore {
  const db = openDatabase(path, options);
  let statements: ReturnType<typeof prepareStatements>;
  try {
    const version = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'cost_meta'")
      .get();
    let row: { value: string } | undefined;
    if (version) {
      row = db.prepare("SELECT value FROM cost_meta WHERE key = 'schema'").get() as typeof row;
      if (row && row.value !== SCHEMA_VERSION && !MIGRATES_FROM.includes(row.value)) {
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
    // Schema 3's kept requests have no `seq` yet; the statements below name it (positions: upgradeRollups).
    if (row && row.value !== SCHEMA_VERSION) addSeqColumn(db);
    db.prepare("INSERT OR IGNORE INTO cost_meta (key, value) VALUES ('schema', ?)").run(SCHEMA_VERSION);
    db.exec(`INSERT OR IGNORE INTO cost_meta (key, value) VALUES ('ledger_id', ${NEW_LEDGER_ID})`);
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
    folderStates: () =>
      new Map(
        allRows(s.allFolders).map((r) => [
          r[0] as string,
          {
            ino: r[1] as number,
            mtimeMs: r[2] as number,
            ctimeMs: r[3] as number,
            listedMs: r[4] as number,
            folders: names(r[5] as string),
            files: names(r[6] as string),
          },
        ]),
      ),
    putFolderStates(changes) {
      for (const [p, f] of changes) {
        if (f === null) s.dropFolder.run(p);
        // A name holds no "/": joined by it, a folder's entries are one column.
        else
          s.putFolder.run(p, f.ino, f.mtimeMs, f.ctimeMs, f.listedMs, f.folders.join("/"), f.files.join("/"));
      }
    },
    listedAt() {
      const row = db.prepare(`SELECT value FROM cost_meta WHERE key = '${LISTED_AT}'`).get() as
        | { value: string }
        | undefined;
      const ms = row === undefined ? Number.NaN : Number(row.value);
      return Number.isFinite(ms) ? ms : undefined;
    },
    setListedAt: (ms) =>
      void db
        .prepare(
          `INSERT INTO cost_meta (key, value) VALUES ('${LISTED_AT}', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        )
        .run(String(ms)),
    addUsage(records) {
      if (records.length === 0) return;
      rollups.add(records);
      if (depth === 0) rollups.flush();
    },
    addAgentCall: (id, type) => void s.call.run(id, type),
    addAgentLink: (agentId, toolUseId) => void s.link.run(agentId, toolUseId),
    setAgentType: (agentId, type) => void s.meta.run(agentId, type),
    addAgentRunEvents: (events) => runs.add(events),
    agentRuns: (query) => runs.query(query),
    openAgentCalls: () => runs.open(),
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
    changesSince: (mark, limit) => rollups.changesSince(mark, limit),
    location: path,
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

/**
 * Gives schema 3's kept requests the `seq` column (0 until upgradeRollups numbers them), once however many open.
 * Schema 2 has none to give it to: ROLLUP_SCHEMA has just made its table, with the column.
 */
function addSeqColumn(db: DatabaseSync): void {
  db.exec("BEGIN IMMEDIATE");
  try {
    if (!hasSeq(db)) db.exec("ALTER TABLE cost_requests ADD COLUMN seq INTEGER NOT NULL DEFAULT 0");
    db.exec("COMMIT");
  } catch (error) {
    db.exec("ROLLBACK");
    throw error;
  }
}

/** Every request once, merged from the batches in the order they were written: what schema 2 and 3 kept. */
function batchUsage(db: DatabaseSync): UsageRecord[] {
  const merged = new Map<string, UsageRecord>();
  for (const row of db.prepare("SELECT data FROM cost_batches ORDER BY id").all() as { data: string }[])
    mergeRecords(merged, decodeBatch(row.data));
  return [...merged.values()].sort(byTime);
}

/**
 * Brings a ledger of an earlier schema or rollup layout up to date: builds the kept requests and rollups when the
 * ledger is from before them (schema 2), from an older layout of them, or banded with other long-context
 * thresholds (ROLLUP_FORMAT); gives schema 3's kept requests their change positions; drops the batches. Whatever
 * renumbers the positions gives the ledger a new id (a team sync then starts again from 0: it sends each request
 * once more, which the team ledger keeps once). Checked without a lock first, so a ledger that needs nothing costs
 * one read; under the write lock again, so two processes opening it at once do it once.
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
  const dropped = store.transaction(() => {
    if (current()) return false;
    const batches =
      db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'cost_batches'").get() !==
      undefined;
    // Schema 2 has no kept requests; an older layout or other bands are rebuilt from what the ledger holds.
    if (meta("schema") === "2" || meta(ROLLUP_META_KEY) !== ROLLUP_FORMAT)
      rollups.rebuild(batches ? batchUsage(db) : store.usage());
    else db.exec("UPDATE cost_requests SET seq = rowid"); // schema 3: first stored, first sent
    db.exec(`UPDATE cost_meta SET value = ${NEW_LEDGER_ID} WHERE key = 'ledger_id'`);
    if (batches) db.exec("DROP TABLE cost_batches");
    db.exec(SEQ_INDEX);
    db.prepare("UPDATE cost_meta SET value = ? WHERE key = 'schema'").run(SCHEMA_VERSION);
    return batches;
  });
  // The batches were about a third of the file: give the space back once. Best effort: VACUUM needs the ledger to
  // itself, and another process (a hook, the status line) may have it open; the pages are then reused instead.
  if (dropped) {
    try {
      db.exec("VACUUM");
    } catch {}
  }
}
