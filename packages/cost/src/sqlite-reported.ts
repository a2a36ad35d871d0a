import { existsSync } from "node:fs";
import { DatabaseSync } from "node:sqlite";
import { VextrusCostError } from "./errors.js";
import type { Pico } from "./money.js";
import { LEDGER_PAGE_SIZE } from "./sqlite-store.js";

/** A session's cost as Claude Code reported it, the last time it did. */
export interface ReportedCost {
  sessionId: string;
  costPico: Pico;
  /** ISO time of the report that set `costPico`. */
  seenAt: string;
}

export interface ReportedCostStore {
  /**
   * Keeps Claude Code's running total for a session. The total only grows while a session runs, so a smaller
   * figure (a restarted counter, a late status line from an older process) never replaces a larger one.
   */
  record(sessionId: string, costPico: Pico, seenAt: string): void;
  /** The reported cost of each of `sessionIds` Claude Code reported (all sessions when omitted). */
  get(sessionIds?: readonly string[]): Map<string, ReportedCost>;
  close(): void;
}

const TABLE = `CREATE TABLE IF NOT EXISTS cost_reported (
  session_id TEXT PRIMARY KEY, cost_pico INTEGER NOT NULL, seen_at TEXT NOT NULL)`;

export interface ReportedCostOptions {
  /** How long a write waits for another process's transaction, in ms; the status line cannot wait long. */
  busyTimeoutMs?: number;
  /** Open for reading only: never creates the file or the table (a report that only shows the figures). */
  readOnly?: boolean;
}

/**
 * Claude Code's own cost figures, kept in the user's cost ledger beside ours (table `cost_reported`), through a
 * connection of its own so the usage store's schema and transactions stay untouched. Read-only, a ledger without
 * the table reads as empty.
 */
export function openReportedCostStore(path: string, options: ReportedCostOptions = {}): ReportedCostStore {
  if (options.readOnly && !existsSync(path))
    return { record: readOnlyRecord(path), get: () => new Map(), close() {} };
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(path, {
      timeout: options.busyTimeoutMs ?? 5000,
      readOnly: options.readOnly ?? false,
    });
    // The ledger's own durability (WAL, synchronous NORMAL): a commit does not wait for an fsync, which took up to
    // 75 ms of a status line's run. A figure lost to a power cut comes back with Claude Code's next payload.
    // A page size for a ledger this connection is first to write (a no-op on one that has pages).
    if (!options.readOnly)
      db.exec(`PRAGMA page_size = ${LEDGER_PAGE_SIZE}; PRAGMA synchronous = NORMAL; ${TABLE}`);
  } catch (cause) {
    throw new VextrusCostError(
      /database is locked|SQLITE_BUSY/i.test(String(cause)) ? "STORE_LOCKED" : "STORE_INVALID",
      `store: ${path}: cannot keep Claude Code's reported costs (${cause instanceof Error ? cause.message : String(cause)})`,
      { cause },
    );
  }
  const hasTable =
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'cost_reported'").get() !==
    undefined;
  const upsert =
    hasTable && !options.readOnly
      ? db.prepare(
          `INSERT INTO cost_reported (session_id, cost_pico, seen_at) VALUES (?, ?, ?)
         ON CONFLICT (session_id) DO UPDATE SET cost_pico = excluded.cost_pico, seen_at = excluded.seen_at
         WHERE excluded.cost_pico >= cost_reported.cost_pico`,
        )
      : undefined;
  const select = hasTable
    ? db.prepare(
        "SELECT session_id AS sessionId, cost_pico AS costPico, seen_at AS seenAt FROM cost_reported",
      )
    : undefined;
  select?.setReadBigInts(true);
  return {
    record(sessionId, costPico, seenAt) {
      if (!upsert) return readOnlyRecord(path)();
      upsert.run(sessionId, costPico, seenAt);
    },
    get(sessionIds) {
      const out = new Map<string, ReportedCost>();
      if (!select) return out;
      const wanted = sessionIds && new Set(sessionIds);
      for (const row of select.all() as unknown as ReportedCost[]) {
        if (wanted && !wanted.has(row.sessionId)) continue;
        out.set(row.sessionId, {
          sessionId: row.sessionId,
          costPico: BigInt(row.costPico),
          seenAt: row.seenAt,
        });
      }
      return out;
    },
    close: () => db.close(),
  };
}

const readOnlyRecord = (path: string) => (): never => {
  throw new VextrusCostError(
    "STORE_INVALID",
    `store: ${path} was opened read-only; open it without readOnly to record`,
  );
};
