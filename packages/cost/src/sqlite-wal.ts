import { DatabaseSync } from "node:sqlite";

const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;

/**
 * Opens a SQLite file that several processes write at once (the ledger, a project's metrics): a busy timeout, and
 * WAL, so readers never wait for the writer. SQLite answers SQLITE_BUSY at once, without its busy handler, when
 * processes that all opened a new file switch it to WAL together (waiting could deadlock): the switch is retried
 * until `busyTimeoutMs` has passed. A file in WAL already is not held up by its writers. Throws SQLite's own error;
 * the caller says what it means for its store.
 */
export function openWalDatabase(path: string, busyTimeoutMs: number): DatabaseSync {
  const db = new DatabaseSync(path);
  try {
    // The pragma rather than the `timeout` option, which Node ignores before 22.16 (engines allow 22.13).
    db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}; PRAGMA synchronous = NORMAL;`);
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
