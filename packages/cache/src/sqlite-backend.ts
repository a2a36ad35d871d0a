// The local cache: one SQLite file (node:sqlite) holding entries and hit-rate counters, shared safely by every
// hook process of a project (WAL, busy timeout, counters as single-transaction upserts). A damaged or foreign
// file is moved aside and replaced by an empty cache: losing cached answers is cheap, crashing a hook or
// deleting a file the user may want back is not.
import { existsSync, mkdirSync, renameSync, rmdirSync, statSync } from "node:fs";
import type { DatabaseSync } from "node:sqlite";
import { Keyv } from "keyv";
import type { CacheBackend, CounterStore } from "./backend.ts";
import { readJsonFast } from "./keyv-json.ts";
import {
  createEntryTable,
  createSqliteKeyvStore,
  ENTRY_COLUMNS,
  ensureCacheFile,
  openCacheFile,
  SQLITE,
  SqliteCacheError,
  type SqliteKeyvStore,
  sleepSync,
  sqliteErrorCode,
  storeError,
  tableColumns,
  useWal,
  whileBusy,
  writeTransaction,
} from "./sqlite-keyv-store.ts";

/** Version of this file's tables (not of the entries: those are versioned by the keyv namespace). */
export const SQLITE_CACHE_SCHEMA_VERSION = 1;

/** The same string as CACHE_NAMESPACE in key.ts, repeated so this file loads without the rest of the package. */
const DEFAULT_NAMESPACE = "vextrus:cache:v2";
const ENTRIES = "cache_entries";
const COUNTER_COLUMNS = ["name", "value"];
const META_COLUMNS = ["key", "value"];

export interface SqliteBackendOptions {
  /** The database file, e.g. `.claude/state/cache.db`; it should hold nothing but the cache. */
  path: string;
  /** keyv namespace of the entries; default `vextrus:cache:v2`. */
  namespace?: string;
  /** Told when a damaged, foreign or newer file was moved aside; default `process.emitWarning`. */
  onWarning?: (message: string) => void;
  /** Default 5000 ms. */
  busyTimeoutMs?: number;
  /** Milliseconds since the epoch, for entry TTLs; default Date.now. */
  now?: () => number;
}

export interface SqliteBackend extends CacheBackend {
  readonly name: "sqlite";
  readonly path: string;
  readonly store: SqliteKeyvStore;
  /** UTF-8 bytes of the live entries (keys and values) of this backend's namespace. */
  bytes(): Promise<number>;
  /** Number of live entries of this backend's namespace. */
  entries(): Promise<number>;
}

type Verdict = { kind: "ready" } | { kind: "incomplete" } | { kind: "bad"; reason: string };

/**
 * Opens the cache at `path`, moving a file it cannot use aside to `<path>.corrupt-<timestamp>` (with its -wal,
 * -shm or -journal) and starting an empty one. Throws SqliteCacheError only when the file is fine but out of
 * reach: locked past the busy timeout (STORE_LOCKED) or not openable at all (STORE_UNAVAILABLE).
 */
export function createSqliteBackend(options: SqliteBackendOptions): SqliteBackend {
  const { path } = options;
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const warn =
    options.onWarning ?? ((message: string) => process.emitWarning(message, "VextrusCacheWarning"));

  const db = openRecovering(path, busyTimeoutMs, warn);
  let store: SqliteKeyvStore;
  let counters: CounterStore;
  try {
    store = createSqliteKeyvStore({
      path,
      table: ENTRIES,
      busyTimeoutMs,
      database: db,
      ...(options.now && { now: options.now }),
    });
    counters = createCounters(db, path, busyTimeoutMs);
  } catch (cause) {
    db.close();
    throw storeError(path, busyTimeoutMs, cause);
  }

  let closed = false;
  const keyv = new Keyv({ store, namespace });
  readJsonFast(keyv);
  // Keyv 5.6 strips the namespace from iterated keys by cutting at the first ":", so "vextrus:cache:v2:<hash>"
  // would come back as "cache:v2:<hash>". Same iteration, with the whole `${namespace}:` prefix removed.
  keyv.iterator = async function* () {
    const ns = keyv.namespace;
    const prefix = ns ? `${ns}:` : "";
    for await (const [key, raw] of store.iterator(ns)) {
      let data: { value?: unknown; expires?: number | undefined } | undefined;
      try {
        data = await keyv.deserializeData(raw);
      } catch (error) {
        keyv.emit("error", error);
        continue;
      }
      if (data === undefined || (typeof data.expires === "number" && Date.now() > data.expires)) continue;
      yield [key.slice(prefix.length), data.value];
    }
  };

  return {
    name: "sqlite",
    path,
    keyv,
    store,
    counters,
    bytes: () => store.bytes(keyv.namespace),
    entries: () => store.count(keyv.namespace),
    async close() {
      // A flag, not `db.isOpen` (Node >= 22.15; engines allow 22.13).
      if (!closed) db.close();
      closed = true;
    },
  };
}

function createCounters(db: DatabaseSync, path: string, busyTimeoutMs: number): CounterStore {
  const bump = db.prepare(
    "INSERT INTO cache_counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = value + excluded.value",
  );
  const all = db.prepare("SELECT name, value FROM cache_counters ORDER BY name");
  const clear = db.prepare("DELETE FROM cache_counters");
  const run = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (cause) {
      throw storeError(path, busyTimeoutMs, cause);
    }
  };
  return {
    async increment(counts) {
      const pairs = Object.entries(counts).filter(([, n]) => n !== 0);
      for (const [name, n] of pairs) {
        if (!Number.isSafeInteger(n)) {
          throw new TypeError(`sqlite counters: ${name} must be incremented by an integer, got ${n}`);
        }
      }
      if (pairs.length === 0) return;
      // One transaction of relative upserts: each process adds to what is stored when it commits, so
      // concurrent increments queue on the write lock and none is lost; the set lands whole or not at all.
      run(() =>
        writeTransaction(db, () => {
          for (const [name, n] of pairs) bump.run(name, n);
        }),
      );
    },
    async read() {
      return run(() => Object.fromEntries(all.all().map((r) => [String(r.name), Number(r.value)])));
    },
    async reset() {
      run(() => clear.run());
    },
  };
}

/** What is in the file, from reads only. Tables whose name starts with `sqlite_` are SQLite's own. */
function inspect(db: DatabaseSync): Verdict {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
    .all()
    .map((r) => String(r.name));
  if (tables.length === 0) return { kind: "incomplete" };
  if (!tables.includes("cache_meta")) {
    return { kind: "bad", reason: `is not a Vextrus cache (tables: ${tables.join(", ")}; no cache_meta)` };
  }
  const wrong = (table: string, expected: readonly string[]): Verdict | undefined => {
    const columns = tableColumns(db, table);
    if (columns.length === 0 || columns.join() === expected.join()) return undefined;
    return {
      kind: "bad",
      reason: `has a table ${table} with columns (${columns.join(", ")}), not (${expected.join(", ")})`,
    };
  };
  const meta = wrong("cache_meta", META_COLUMNS);
  if (meta) return meta;
  const row = db.prepare("SELECT value FROM cache_meta WHERE key = 'schema_version'").get();
  const version = Number(row?.value);
  if (!Number.isInteger(version) || version < 1) {
    return { kind: "bad", reason: `is not a Vextrus cache (cache_meta has no valid schema_version)` };
  }
  if (version > SQLITE_CACHE_SCHEMA_VERSION) {
    return {
      kind: "bad",
      reason: `was written by a newer Vextrus (cache schema ${version}; this version reads ${SQLITE_CACHE_SCHEMA_VERSION})`,
    };
  }
  const other = wrong(ENTRIES, ENTRY_COLUMNS) ?? wrong("cache_counters", COUNTER_COLUMNS);
  if (other) return other;
  return tables.includes(ENTRIES) && tables.includes("cache_counters")
    ? { kind: "ready" }
    : { kind: "incomplete" };
}

function createSchema(db: DatabaseSync): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS cache_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS cache_counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);`);
  createEntryTable(db, ENTRIES);
  db.prepare("INSERT OR IGNORE INTO cache_meta (key, value) VALUES ('schema_version', ?)").run(
    String(SQLITE_CACHE_SCHEMA_VERSION),
  );
}

/** Why a SQLite error means the file is damaged. Any other error (busy, permissions, disk full) is thrown. */
function damageReason(path: string, busyTimeoutMs: number, error: unknown): string {
  const code = sqliteErrorCode(error);
  if (code === SQLITE.NOTADB) return "is not a SQLite database";
  if (code === SQLITE.CORRUPT) return "is a damaged SQLite database";
  throw storeError(path, busyTimeoutMs, error);
}

/** What a file holds, through a connection of its own that is closed before returning. */
function inspectFile(path: string, busyTimeoutMs: number, readOnly: boolean): Verdict {
  const db = openCacheFile(path, busyTimeoutMs, readOnly);
  try {
    return inspect(db);
  } finally {
    db.close();
  }
}

const inodeOf = (path: string): number => statSync(path, { throwIfNoEntry: false })?.ino ?? -1;

/**
 * Looks through a read-only connection: it never writes, so a file that turns out not to be ours is moved aside
 * byte for byte (a read-write connection would fold a foreign WAL into the file when it closes). Undefined when
 * another process moved the file meanwhile: look again.
 */
function look(path: string, busyTimeoutMs: number): { ino: number; verdict: Verdict } | undefined {
  // The inode before the open: if another process swaps the file in between, we inspect its fresh cache, which
  // is never bad, so a stale inode can only cancel a move, never point one at the wrong file. -1 (already gone)
  // matches no file.
  ensureCacheFile(path);
  const ino = inodeOf(path);
  try {
    // A read-only connection cannot open a file that vanished, nor roll back the journal of a writer caught
    // mid-commit (SQLITE_READONLY_ROLLBACK): both pass in milliseconds, while another process creates the file.
    const transient = [SQLITE.BUSY, SQLITE.LOCKED, SQLITE.READONLY, SQLITE.CANTOPEN];
    return { ino, verdict: whileBusy(250, () => inspectFile(path, busyTimeoutMs, true), transient) };
  } catch (error) {
    if (inodeOf(path) !== ino) return undefined;
    try {
      // Still a journal to roll back: left by a crashed writer (hot), and only a writer may roll it back, which
      // is what any SQLite program opening the file would do.
      if (sqliteErrorCode(error) === SQLITE.READONLY)
        return { ino, verdict: inspectFile(path, busyTimeoutMs, false) };
      throw error;
    } catch (fault) {
      return { ino, verdict: { kind: "bad", reason: damageReason(path, busyTimeoutMs, fault) } };
    }
  }
}

/**
 * The read-write connection, tables created if missing. Several hooks may be creating the same new file at
 * once, so the creation re-inspects inside its write transaction and the last ones find nothing to do.
 */
function openForUse(
  path: string,
  busyTimeoutMs: number,
  seen: Verdict,
): { db: DatabaseSync } | { reason: string } {
  const db = openCacheFile(path, busyTimeoutMs);
  try {
    useWal(db, busyTimeoutMs);
    const verdict =
      seen.kind === "ready"
        ? seen
        : whileBusy(busyTimeoutMs, () =>
            writeTransaction(db, () => {
              const now = inspect(db);
              if (now.kind === "incomplete") createSchema(db);
              return now;
            }),
          );
    if (verdict.kind !== "bad") return { db };
    db.close();
    return { reason: verdict.reason };
  } catch (error) {
    db.close();
    return { reason: damageReason(path, busyTimeoutMs, error) };
  }
}

/**
 * Opens the cache, moving a file it cannot use aside to `<path>.corrupt-<timestamp>` and starting an empty one.
 * A few rounds, because other processes may be opening, moving or recreating the same file at the same moment.
 */
function openRecovering(path: string, busyTimeoutMs: number, warn: (message: string) => void): DatabaseSync {
  for (let attempt = 0; attempt < 5; attempt++) {
    const seen = look(path, busyTimeoutMs);
    if (seen === undefined) continue;
    const { ino, verdict } = seen;
    const opened = verdict.kind === "bad" ? verdict : openForUse(path, busyTimeoutMs, verdict);
    if ("db" in opened) return opened.db;
    const target = moveAside(path, ino);
    // undefined: another process moved it first (the file at `path` is no longer the one inspected); look again.
    if (target !== undefined) {
      warn(
        `cache: ${path} ${opened.reason}, so it was moved aside to ${target} and an empty cache was started; nothing was deleted`,
      );
    }
  }
  throw new SqliteCacheError(
    "STORE_UNAVAILABLE",
    `store: ${path} is still unusable after moving it aside; check what keeps writing it`,
  );
}

/** A move takes microseconds; a lock this old was left by a process that died holding it. */
const STALE_LOCK_MS = 2000;

/**
 * Renames the file to `<path>.corrupt-<timestamp>`, with its -wal, -shm and -journal, if it is still the file
 * inspected (`ino`). Movers take turns (a directory `<path>.moving`, created atomically): otherwise one could
 * pass the check, another move the file and a third create a fresh cache there, and the first would then move
 * the fresh cache or its live journal. The sidecars go first: while `path` is still the bad file, no fresh
 * cache exists yet whose own -wal or -journal could be mistaken for the bad file's.
 */
function moveAside(path: string, ino: number): string | undefined {
  const lock = `${path}.moving`;
  const deadline = Date.now() + 2 * STALE_LOCK_MS;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== "EEXIST" || Date.now() > deadline)
        throw moveError(path, cause);
      try {
        if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) rmdirSync(lock);
      } catch {
        // Released meanwhile.
      }
      sleepSync(5);
    }
  }
  try {
    if (statSync(path, { throwIfNoEntry: false })?.ino !== ino) return undefined;
    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    let target = `${path}.corrupt-${stamp}`;
    for (let n = 1; existsSync(target); n++) target = `${path}.corrupt-${stamp}-${n}`;
    // Under the new name: SQLite finds a WAL or journal by the database's name.
    for (const suffix of ["-wal", "-shm", "-journal"]) {
      if (existsSync(path + suffix)) renameSync(path + suffix, target + suffix);
    }
    renameSync(path, target);
    return target;
  } catch (cause) {
    throw moveError(path, cause);
  } finally {
    try {
      rmdirSync(lock);
    } catch {
      // Taken for stale and removed by another process: nothing left to release.
    }
  }
}

function moveError(path: string, cause: unknown): SqliteCacheError {
  return new SqliteCacheError(
    "STORE_UNAVAILABLE",
    `store: ${path} cannot be used and could not be moved aside (${(cause as Error).message}); move it yourself`,
    { cause },
  );
}
