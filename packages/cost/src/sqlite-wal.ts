import { existsSync } from "node:fs";
import { DatabaseSync } from "node:sqlite";

const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;

export interface WalDatabaseOptions {
  /**
   * The page size of a new file, in bytes (a power of two from 512 to 65536). SQLite fixes it when the file is first
   * written, so a file that has pages keeps its own.
   */
  pageSize?: number;
  /**
   * This connection's page cache, in MiB (SQLite's default is 2 MiB). A transaction whose changed pages outgrow it
   * writes them to the WAL before its commit, and again at the commit when they change further.
   */
  cacheMiB?: number;
}

/**
 * Opens a SQLite file that several processes write at once (the ledger, a project's metrics): a busy timeout, and
 * WAL, so readers never wait for the writer. SQLite answers SQLITE_BUSY at once, without its busy handler, when
 * processes that all opened a new file switch it to WAL together (waiting could deadlock): the switch is retried
 * until `busyTimeoutMs` has passed. A file in WAL already is not held up by its writers. Throws SQLite's own error;
 * the caller says what it means for its store.
 */
export function openWalDatabase(
  path: string,
  busyTimeoutMs: number,
  options: WalDatabaseOptions = {},
): DatabaseSync {
  const db = new DatabaseSync(path);
  try {
    // The pragma rather than the `timeout` option, which Node ignores before 22.16 (engines allow 22.13).
    db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}; PRAGMA synchronous = NORMAL;`);
    // Before the switch to WAL, which writes a new file's first page and so fixes its page size.
    if (options.pageSize !== undefined) db.exec(`PRAGMA page_size = ${pageSizeOf(options.pageSize)}`);
    if (options.cacheMiB !== undefined) db.exec(`PRAGMA cache_size = ${-cacheKiBOf(options.cacheMiB)}`);
    const deadline = Date.now() + busyTimeoutMs;
    for (;;) {
      try {
        db.exec("PRAGMA journal_mode = WAL");
        return db;
      } catch (error) {
        const code = (error as { errcode?: number }).errcode;
        if ((code !== SQLITE_BUSY && code !== SQLITE_LOCKED) || Date.now() >= deadline) throw error;
        // node:sqlite is synchronous, and so is everything that waits around it.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5 + Math.random() * 20);
      }
    }
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Copies what the file's WAL holds into the file, as far as no reader needs it (SQLite's PASSIVE checkpoint: it
 * waits for no one). Returns whether it ran; a busy or missing file is left as it was, for a later checkpoint.
 */
export function checkpointWal(path: string): boolean {
  let db: DatabaseSync | undefined;
  try {
    // A connection would make the file it opens.
    if (!existsSync(path)) return false;
    db = new DatabaseSync(path);
    db.exec("PRAGMA wal_checkpoint(PASSIVE)");
    return true;
  } catch {
    return false;
  } finally {
    db?.close();
  }
}

function cacheKiBOf(mib: number): number {
  if (!Number.isFinite(mib) || mib <= 0)
    throw new RangeError(`cacheMiB: ${mib} is not a positive number of MiB`);
  return Math.max(1, Math.floor(mib * 1024));
}

function pageSizeOf(bytes: number): number {
  if (!Number.isInteger(bytes) || bytes < 512 || bytes > 65536 || (bytes & (bytes - 1)) !== 0)
    throw new RangeError(`pageSize: ${bytes} is not a power of two from 512 to 65536`);
  return bytes;
}
