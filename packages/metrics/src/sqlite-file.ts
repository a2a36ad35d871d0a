import type { DatabaseSync } from "node:sqlite";
import { ensurePrivateFile, openWalDatabase } from "@vextrus/cost/node";
import { VextrusMetricsError } from "./errors.js";

// Hook processes of one session write the same file at once: each queues this long before giving up.
const BUSY_TIMEOUT_MS = 5000;

/** Opens (and makes, private) a project's `metrics.db`, for the invocation and the savings stores alike. */
export function openMetricsDatabase(path: string): DatabaseSync {
  if (path !== ":memory:" && !ensurePrivateFile(path))
    throw new VextrusMetricsError(
      "STORE_INVALID",
      `store: ${path} is a folder, expected a SQLite database file`,
    );
  try {
    const db = openWalDatabase(path, BUSY_TIMEOUT_MS);
    // A 64 MB page cache keeps the indexes of a million rows in memory while inserting and aggregating.
    db.exec("PRAGMA cache_size = -65536;");
    return db;
  } catch (cause) {
    throw metricsStoreError(path, cause);
  }
}

/** What a failed open or write of `metrics.db` means for the person: wait and retry, or move the file aside. */
export function metricsStoreError(path: string, cause: unknown): VextrusMetricsError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  if (/database is locked|SQLITE_BUSY/i.test(detail)) {
    return new VextrusMetricsError(
      "STORE_LOCKED",
      `store: ${path} stayed locked by another process for ${BUSY_TIMEOUT_MS / 1000} s; try again`,
      { cause },
    );
  }
  return new VextrusMetricsError(
    "STORE_INVALID",
    `store: ${path} is not a usable Vextrus metrics database (${detail}); move it aside to start a new one`,
    { cause },
  );
}
