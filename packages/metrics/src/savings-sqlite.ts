import { closeSync, existsSync, openSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { ensurePrivateDir } from "@vextrus/cost/node";
import { VextrusMetricsError } from "./errors.js";
import {
  NO_SAVINGS,
  type SavingKind,
  type SavingRecord,
  type SavingsQuery,
  type SavingsStore,
  type SavingsSummary,
  summarizeSavings,
  validateSavings,
} from "./savings.js";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS metrics_savings (
  id TEXT PRIMARY KEY, kind TEXT NOT NULL, agent_type TEXT NOT NULL, session_id TEXT NOT NULL,
  timestamp TEXT NOT NULL, saved_pico INTEGER NOT NULL, saved_ms INTEGER NOT NULL, model TEXT, baseline_model TEXT);
CREATE INDEX IF NOT EXISTS metrics_savings_time ON metrics_savings (timestamp);
`;

function storeError(path: string, cause: unknown): VextrusMetricsError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return /database is locked|SQLITE_BUSY/i.test(detail)
    ? new VextrusMetricsError(
        "STORE_LOCKED",
        `store: ${path} stayed locked by another process for 5 s; try again`,
        {
          cause,
        },
      )
    : new VextrusMetricsError(
        "STORE_INVALID",
        `store: ${path} is not a usable Vextrus metrics database (${detail}); move it aside to start a new one`,
        { cause },
      );
}

interface Row {
  id: string;
  kind: string;
  agent_type: string;
  session_id: string;
  timestamp: string;
  saved_pico: bigint;
  saved_ms: bigint;
  model: string | null;
  baseline_model: string | null;
}

const toRecord = (r: Row): SavingRecord => ({
  id: r.id,
  kind: r.kind as SavingKind,
  agentType: r.agent_type,
  sessionId: r.session_id,
  timestamp: r.timestamp,
  savedPico: BigInt(r.saved_pico),
  savedMs: Number(r.saved_ms),
  ...(r.model !== null && { model: r.model }),
  ...(r.baseline_model !== null && { baselineModel: r.baseline_model }),
});

/** The savings table of a project's metrics database (`metrics.db`), made on first use. */
export function openSqliteSavingsStore(path: string): SavingsStore {
  if (path !== ":memory:") {
    ensurePrivateDir(dirname(path));
    if (existsSync(path) && statSync(path).isDirectory())
      throw new VextrusMetricsError(
        "STORE_INVALID",
        `store: ${path} is a folder, expected a SQLite database file`,
      );
    if (!existsSync(path)) closeSync(openSync(path, "a", 0o600));
  }
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(path, { timeout: 5000 });
    db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
    db.exec(SCHEMA);
  } catch (cause) {
    throw storeError(path, cause);
  }
  const insert = db.prepare(
    `INSERT OR REPLACE INTO metrics_savings
      (id, kind, agent_type, session_id, timestamp, saved_pico, saved_ms, model, baseline_model)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const select = db.prepare(
    "SELECT * FROM metrics_savings WHERE timestamp >= ? AND timestamp < ? ORDER BY timestamp, id",
  );
  select.setReadBigInts(true);
  const savings = (q: SavingsQuery = {}) =>
    (select.all(q.from ?? "", q.to ?? "\uffff") as unknown as Row[]).map(toRecord);
  return {
    addSavings(records) {
      validateSavings(records);
      try {
        db.exec("BEGIN IMMEDIATE");
      } catch (cause) {
        throw storeError(path, cause);
      }
      try {
        for (const r of records)
          insert.run(
            r.id,
            r.kind,
            r.agentType,
            r.sessionId,
            r.timestamp,
            r.savedPico,
            r.savedMs,
            r.model ?? null,
            r.baselineModel ?? null,
          );
        db.exec("COMMIT");
      } catch (error) {
        db.exec("ROLLBACK");
        throw error;
      }
    },
    savings,
    // A month holds at most a few thousand runs: summed exactly in bigint rather than by SQLite's 64-bit SUM.
    summary: (q = {}) => summarizeSavings(savings(q)),
    close: () => db.close(),
  };
}

/**
 * The savings of a window from a project's metrics database, for readers that only show them (a status line, a
 * session's first message): no file yet means no savings, and none is made.
 */
export function readSavingsSummary(path: string, query: SavingsQuery = {}): SavingsSummary {
  if (!existsSync(path)) return NO_SAVINGS;
  const store = openSqliteSavingsStore(path);
  try {
    return store.summary(query);
  } finally {
    store.close();
  }
}
