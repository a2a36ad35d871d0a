// A keyv store over node:sqlite, written here rather than taken from @keyv/sqlite: that package drives the
// native `sqlite3` addon, which has to compile against the running Node or download a prebuilt binary, and on a
// fresh machine (no compiler, no network, a Node without prebuilds) neither works, so a hook would fail to load.
// node:sqlite ships with Node >= 22.13, needs nothing installed, and is synchronous, so a hook's cache lookup
// is a few microseconds of SQLite instead of a round trip through a thread pool.
//
// Local imports end in `.ts` (allowImportingTsExtensions) so that a plain `node` process can load this file
// and sqlite-backend.ts by type stripping, without a build: the multi-process test relies on it.
import { closeSync, mkdirSync, openSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { KeyvStoreAdapter, StoredData } from "keyv";
import { type CacheErrorCode, VextrusCacheError } from "./errors.ts";

export type SqliteCacheErrorCode = Extract<
  CacheErrorCode,
  "STORE_LOCKED" | "STORE_INVALID" | "STORE_UNAVAILABLE"
>;

/** What the SQLite store and backend throw on purpose: a VextrusCacheError with one of the store codes. */
export class SqliteCacheError extends VextrusCacheError {
  constructor(code: SqliteCacheErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

export interface SqliteKeyvStoreOptions {
  /** The database file. Its folder is created 0700 with a `.gitignore`, the file 0600. */
  path: string;
  /** Default `cache_entries`. A plain SQL identifier: it is spliced into the statements. */
  table?: string;
  /** How long a statement waits for another process's write lock before failing; default 5000 ms. */
  busyTimeoutMs?: number;
  /** Milliseconds since the epoch, for TTLs; default Date.now. Tests pass a fake clock. */
  now?: () => number;
  /** Rows read per query by `iterator()`; default 100. */
  pageSize?: number;
  /**
   * An open connection to `path` whose table was already created and checked (createSqliteBackend shares one
   * with its counters). The store never closes a connection it did not open.
   */
  database?: DatabaseSync;
}

type Listener = (...args: unknown[]) => void;

/**
 * A keyv store adapter plus what the cache asks of it beyond keyv: sizes, counts, a sweep of expired rows.
 * No `setMany`: keyv's type wants it to return nothing while `keyv.setMany()` returns what it returns, so keyv's
 * fallback (one `set` each, each answering true or false) is the one that keeps keyv's promise.
 */
export interface SqliteKeyvStore extends KeyvStoreAdapter {
  readonly opts: {
    /** Keyv builds `keyv.iterator` only for stores whose dialect is in its list, and "sqlite" is. */
    readonly dialect: "sqlite";
    readonly url: string;
    readonly table: string;
    readonly busyTimeoutMs: number;
    readonly pageSize: number;
  };
  /** Set by Keyv; `clear()` then removes only keys that start with `${namespace}:`. */
  namespace?: string | undefined;
  getMany<Value>(keys: string[]): Promise<Array<StoredData<Value | undefined>>>;
  has(key: string): Promise<boolean>;
  hasMany(keys: string[]): Promise<boolean[]>;
  deleteMany(keys: string[]): Promise<boolean>;
  /** `[key, value]` of live rows, keys with their namespace prefix (what Keyv expects), in key order. */
  iterator(namespace?: string): AsyncGenerator<[string, string], void>;
  disconnect(): Promise<void>;
  /** UTF-8 bytes of keys and values of live rows: of one namespace, or of the whole table when omitted. */
  bytes(namespace?: string): Promise<number>;
  /** Live rows: of one namespace, or of the whole table when omitted. */
  count(namespace?: string): Promise<number>;
  /** Removes every expired row of the table (reads treat them as absent anyway); returns how many. */
  deleteExpired(): Promise<number>;
  on(event: string, listener: Listener): SqliteKeyvStore;
  off(event: string, listener: Listener): SqliteKeyvStore;
  /** True when someone listened. An "error" nobody listens to is dropped: it only ever reports a failed cleanup. */
  emit(event: string, ...args: unknown[]): boolean;
}

/** The entry table's columns, in order; the backend refuses a table of that name with any others. */
export const ENTRY_COLUMNS = ["key", "value", "expires_at", "size_bytes"] as const;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** SQLite's primary result codes we act on (the low byte of an extended code). */
export const SQLITE = { BUSY: 5, LOCKED: 6, READONLY: 8, CORRUPT: 11, CANTOPEN: 14, NOTADB: 26 } as const;

/** The primary SQLite result code of an error, looking through a SqliteCacheError to its cause. */
export function sqliteErrorCode(error: unknown): number | undefined {
  const e = error as { errcode?: unknown; cause?: { errcode?: unknown } } | null;
  const code = error instanceof SqliteCacheError ? e?.cause?.errcode : e?.errcode;
  return typeof code === "number" ? code & 0xff : undefined;
}

/** A SQLite failure as the error a caller can act on: wait and retry, or look at the file. */
export function storeError(path: string, busyTimeoutMs: number, cause: unknown): SqliteCacheError {
  if (cause instanceof SqliteCacheError) return cause;
  const detail = cause instanceof Error ? cause.message : String(cause);
  const code = sqliteErrorCode(cause);
  if (code === SQLITE.BUSY || code === SQLITE.LOCKED) {
    return new SqliteCacheError(
      "STORE_LOCKED",
      `store: ${path} stayed locked by another process for ${busyTimeoutMs} ms (${detail}); try again`,
      { cause },
    );
  }
  if (code === SQLITE.NOTADB || code === SQLITE.CORRUPT) {
    return new SqliteCacheError(
      "STORE_INVALID",
      `store: ${path} is not a usable cache database (${detail}); move it aside and run again`,
      { cause },
    );
  }
  return new SqliteCacheError("STORE_UNAVAILABLE", `store: cannot use ${path} (${detail})`, { cause });
}

/**
 * A missing folder is made private (0700): a cache holds agents' reports. What else a state folder holds (the
 * `.gitignore` of a project's state) is the caller's to decide: Vextrus's apps ask @vextrus/config for it.
 */
export function ensureCacheDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** Creates the folder and an empty file (0600: SQLite gives its -wal and -shm the file's mode) if missing. */
export function ensureCacheFile(path: string): void {
  try {
    ensureCacheDir(dirname(path));
    // One stat: between an exists check and a stat another process may move the file aside.
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat === undefined) closeSync(openSync(path, "a", 0o600));
    else if (stat.isDirectory()) {
      throw new SqliteCacheError(
        "STORE_UNAVAILABLE",
        `store: ${path} is a folder, expected a SQLite database file`,
      );
    }
  } catch (cause) {
    throw cause instanceof SqliteCacheError
      ? cause
      : new SqliteCacheError(
          "STORE_UNAVAILABLE",
          `store: cannot create ${path} (${(cause as Error).message})`,
          {
            cause,
          },
        );
  }
}

/**
 * Opens a database file, creating it if needed. Nothing is written to it, so a caller can still look at a file
 * it does not recognise without changing it.
 */
export function openCacheFile(path: string, busyTimeoutMs: number, readOnly = false): DatabaseSync {
  ensureCacheFile(path);
  try {
    const db = new DatabaseSync(path, { readOnly });
    // The pragma rather than the `timeout` option, which Node ignores before 22.16 (engines allow 22.13).
    db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    return db;
  } catch (cause) {
    throw storeError(path, busyTimeoutMs, cause);
  }
}

/** Blocks the thread: node:sqlite is synchronous, and so is everything that waits around it. */
export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Retries `fn` while SQLite answers busy, up to the busy timeout. Needed where SQLite returns SQLITE_BUSY at
 * once instead of calling its busy handler: when waiting could deadlock, as when several processes that all
 * read a new file try to switch it to WAL together. Only for work that is undone when it fails.
 */
export function whileBusy<T>(
  busyTimeoutMs: number,
  fn: () => T,
  codes: readonly number[] = [SQLITE.BUSY, SQLITE.LOCKED],
): T {
  const deadline = Date.now() + busyTimeoutMs;
  for (;;) {
    try {
      return fn();
    } catch (error) {
      const code = sqliteErrorCode(error);
      if (code === undefined || !codes.includes(code) || Date.now() >= deadline) throw error;
      sleepSync(5 + Math.random() * 20);
    }
  }
}

/** WAL: readers never wait for the writer and writers of other processes queue on the busy timeout. */
export function useWal(db: DatabaseSync, busyTimeoutMs: number): void {
  db.exec("PRAGMA synchronous = NORMAL");
  // Switching takes an exclusive lock, so it is done once per file, not on every open.
  if (db.prepare("PRAGMA journal_mode").get()?.journal_mode === "wal") return;
  whileBusy(busyTimeoutMs, () => db.exec("PRAGMA journal_mode = WAL"));
}

export function tableColumns(db: DatabaseSync, table: string): string[] {
  return db
    .prepare("SELECT name FROM pragma_table_info(?) ORDER BY cid")
    .all(table)
    .map((r) => String(r.name));
}

/** The entry table and its expiry index, for a connection already inside a write transaction or alone. */
export function createEntryTable(db: DatabaseSync, table: string): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS "${table}" (
      key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at INTEGER, size_bytes INTEGER NOT NULL);
    CREATE INDEX IF NOT EXISTS "${table}_expires_at" ON "${table}" (expires_at) WHERE expires_at IS NOT NULL;`);
}

/** Runs `fn` in one write transaction, taken up front so the busy timeout applies to it. */
export function writeTransaction<T>(db: DatabaseSync, fn: () => T): T {
  db.exec("BEGIN IMMEDIATE");
  try {
    const result = fn();
    db.exec("COMMIT");
    return result;
  } catch (error) {
    // Not `db.isTransaction` (Node >= 22.16). SQLite may have rolled back already (busy, full disk): then this
    // ROLLBACK fails, and the error worth reporting is the first one.
    try {
      db.exec("ROLLBACK");
    } catch {
      // Already rolled back by SQLite.
    }
    throw error;
  }
}

interface EntryRow {
  key: string;
  value: string;
  expires_at: number | null;
}

/**
 * Key range of one namespace: Keyv stores `${namespace}:${key}`, and every such string sorts at or after
 * `${namespace}:` and before `${namespace};` (";" follows ":"), so a range on the primary key finds them with no
 * LIKE (whose `%` and `_` a namespace could contain). Without a namespace: the whole table.
 */
function range(namespace: string | undefined): { lo: string; hi: string | null } {
  return namespace === undefined || namespace === ""
    ? { lo: "", hi: null }
    : { lo: `${namespace}:`, hi: `${namespace};` };
}

export function createSqliteKeyvStore(options: SqliteKeyvStoreOptions): SqliteKeyvStore {
  const { path } = options;
  const table = options.table ?? "cache_entries";
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const pageSize = options.pageSize ?? 100;
  const now = options.now ?? Date.now;
  if (!IDENTIFIER.test(table)) {
    throw new SqliteCacheError(
      "STORE_INVALID",
      `store: table name ${JSON.stringify(table)} is not a plain identifier`,
    );
  }
  if (!Number.isInteger(pageSize) || pageSize < 1) {
    throw new SqliteCacheError(
      "STORE_INVALID",
      `store: pageSize must be a positive integer, got ${pageSize}`,
    );
  }

  const owned = options.database === undefined;
  const db = options.database ?? openCacheFile(path, busyTimeoutMs);
  let statements: ReturnType<typeof prepare>;
  try {
    // Looked at before anything is written: a table of that name with other columns is someone else's.
    const columns = tableColumns(db, table);
    if (columns.length > 0 && columns.join() !== ENTRY_COLUMNS.join()) {
      throw new SqliteCacheError(
        "STORE_INVALID",
        `store: ${path} has a table ${table} with columns (${columns.join(", ")}), expected (${ENTRY_COLUMNS.join(", ")}); use another file or table`,
      );
    }
    if (owned) useWal(db, busyTimeoutMs);
    if (columns.length === 0) createEntryTable(db, table);
    statements = prepare(db, table);
  } catch (cause) {
    if (owned) db.close();
    throw storeError(path, busyTimeoutMs, cause);
  }
  const q = statements;

  const listeners = new Map<string, Set<Listener>>();
  let closed = false;
  /** SQLite failures as SqliteCacheError (Keyv passes them to its "error" listeners); other errors as they are. */
  const sql = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (error) {
      throw sqliteErrorCode(error) === undefined ? error : storeError(path, busyTimeoutMs, error);
    }
  };
  const live = (row: { expires_at: number | null }, t: number) =>
    row.expires_at === null || row.expires_at >= t;

  /** Lazy cleanup of rows found expired; only rows still expired, in case another process just rewrote one. */
  function dropExpired(keys: string[], t: number): void {
    if (keys.length === 0) return;
    try {
      q.dropExpired.run(JSON.stringify(keys), t);
    } catch (error) {
      // A busy database must not turn a miss into a failure: the rows stay dead and the next read retries.
      store.emit("error", storeError(path, busyTimeoutMs, error));
    }
  }

  function expiresAt(ttl: number | undefined): number | null {
    // Keyv passes its ttl in ms, undefined (or 0, which it means as "forever") when the entry never expires.
    return typeof ttl === "number" && Number.isFinite(ttl) && ttl > 0 ? Math.ceil(now() + ttl) : null;
  }

  function put(key: string, value: unknown, ttl: number | undefined): void {
    if (typeof value !== "string") {
      throw new TypeError(
        `sqlite store: values must be strings (Keyv's serialized form), got ${typeof value}`,
      );
    }
    sql(() => q.set.run(key, value, expiresAt(ttl), Buffer.byteLength(key) + Buffer.byteLength(value)));
  }

  function stats(namespace: string | undefined): { n: number; b: number } {
    const row = sql(() => q.stats.get({ ...range(namespace), now: now() })) as
      | { n: number; b: number }
      | undefined;
    return { n: Number(row?.n ?? 0), b: Number(row?.b ?? 0) };
  }

  const store: SqliteKeyvStore = {
    opts: { dialect: "sqlite", url: `sqlite://${path}`, table, busyTimeoutMs, pageSize },
    namespace: undefined,

    async get<Value>(key: string) {
      const row = sql(() => q.get.get(key)) as EntryRow | undefined;
      if (row === undefined) return undefined;
      const t = now();
      if (live(row, t)) return row.value as StoredData<Value>;
      dropExpired([key], t);
      return undefined;
    },

    async getMany<Value>(keys: string[]) {
      if (keys.length === 0) return [];
      const t = now();
      const found = new Map<string, string>();
      const expired: string[] = [];
      for (const row of sql(() => q.getMany.all(JSON.stringify(keys))) as unknown as EntryRow[]) {
        if (live(row, t)) found.set(row.key, row.value);
        else expired.push(row.key);
      }
      dropExpired(expired, t);
      return keys.map((key) => found.get(key) as StoredData<Value | undefined>);
    },

    async set(key: string, value: unknown, ttl?: number) {
      put(key, value, ttl);
      return true;
    },

    async has(key: string) {
      const row = sql(() => q.has.get(key)) as { expires_at: number | null } | undefined;
      if (row === undefined) return false;
      const t = now();
      if (live(row, t)) return true;
      dropExpired([key], t);
      return false;
    },

    async hasMany(keys: string[]) {
      if (keys.length === 0) return [];
      const t = now();
      const alive = new Set<string>();
      for (const row of sql(() => q.hasMany.all(JSON.stringify(keys))) as unknown as EntryRow[]) {
        if (live(row, t)) alive.add(row.key);
      }
      return keys.map((key) => alive.has(key));
    },

    /** True when a live entry was removed. */
    async delete(key: string) {
      const t = now();
      return (sql(() => q.delete.all(key)) as unknown as EntryRow[]).some((row) => live(row, t));
    },

    /** True when anything was removed. */
    async deleteMany(keys: string[]) {
      if (keys.length === 0) return false;
      return Number(sql(() => q.deleteMany.run(JSON.stringify(keys))).changes) > 0;
    },

    async clear() {
      const { lo, hi } = range(store.namespace);
      sql(() => (hi === null ? q.clearAll.run() : q.clearRange.run(lo, hi)));
    },

    async *iterator(namespace?: string) {
      const { lo, hi } = range(namespace);
      let after: string | null = null;
      // Keyset pages (key > last seen), each read whole before yielding: no read transaction stays open while
      // the caller works, and deleting rows mid-iteration (Keyv drops expired ones) neither skips nor repeats.
      for (;;) {
        const rows = sql(() => q.page.all({ lo, hi, after, limit: pageSize })) as unknown as EntryRow[];
        const t = now();
        const expired: string[] = [];
        for (const row of rows) {
          if (live(row, t)) yield [row.key, row.value];
          else expired.push(row.key);
        }
        dropExpired(expired, t);
        const last = rows.at(-1);
        if (last === undefined || rows.length < pageSize) return;
        after = last.key;
      }
    },

    async disconnect() {
      if (owned && !closed) db.close();
      closed = true;
    },

    async bytes(namespace?: string) {
      return stats(namespace).b;
    },

    async count(namespace?: string) {
      return stats(namespace).n;
    },

    async deleteExpired() {
      return Number(sql(() => q.deleteExpired.run(now())).changes);
    },

    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return store;
    },

    off(event, listener) {
      listeners.get(event)?.delete(listener);
      return store;
    },

    emit(event, ...args) {
      const set = listeners.get(event);
      if (set === undefined || set.size === 0) return false;
      for (const listener of [...set]) listener(...args);
      return true;
    },
  };
  return store;
}

function prepare(db: DatabaseSync, table: string) {
  const t = `"${table}"`;
  const inKeys = "key IN (SELECT value FROM json_each(?))";
  const inRange = "key >= $lo AND ($hi IS NULL OR key < $hi)";
  return {
    get: db.prepare(`SELECT value, expires_at FROM ${t} WHERE key = ?`),
    getMany: db.prepare(`SELECT key, value, expires_at FROM ${t} WHERE ${inKeys}`),
    has: db.prepare(`SELECT expires_at FROM ${t} WHERE key = ?`),
    hasMany: db.prepare(`SELECT key, expires_at FROM ${t} WHERE ${inKeys}`),
    set: db.prepare(
      `INSERT INTO ${t} (key, value, expires_at, size_bytes) VALUES (?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET
         value = excluded.value, expires_at = excluded.expires_at, size_bytes = excluded.size_bytes`,
    ),
    delete: db.prepare(`DELETE FROM ${t} WHERE key = ? RETURNING expires_at`),
    deleteMany: db.prepare(`DELETE FROM ${t} WHERE ${inKeys}`),
    dropExpired: db.prepare(`DELETE FROM ${t} WHERE ${inKeys} AND expires_at < ?`),
    deleteExpired: db.prepare(`DELETE FROM ${t} WHERE expires_at < ?`),
    clearAll: db.prepare(`DELETE FROM ${t}`),
    clearRange: db.prepare(`DELETE FROM ${t} WHERE key >= ? AND key < ?`),
    page: db.prepare(
      `SELECT key, value, expires_at FROM ${t}
       WHERE ${inRange} AND ($after IS NULL OR key > $after) ORDER BY key LIMIT $limit`,
    ),
    stats: db.prepare(
      `SELECT count(*) AS n, coalesce(sum(size_bytes), 0) AS b FROM ${t}
       WHERE ${inRange} AND (expires_at IS NULL OR expires_at >= $now)`,
    ),
  };
}
