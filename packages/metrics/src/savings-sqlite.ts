import { existsSync } from "node:fs";
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
import { metricsStoreError, openMetricsDatabase } from "./sqlite-file.js";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS metrics_savings (
  id TEXT PRIMARY KEY, kind TEXT NOT NULL, agent_type TEXT NOT NULL, session_id TEXT NOT NULL,
  timestamp TEXT NOT NULL, saved_pico INTEGER NOT NULL, saved_ms INTEGER NOT NULL, model TEXT, baseline_model TEXT);
CREATE INDEX IF NOT EXISTS metrics_savings_time ON metrics_savings (timestamp);
`;

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
  const db = openMetricsDatabase(path);
  try {
    db.exec(SCHEMA);
  } catch (cause) {
    db.close();
    throw metricsStoreError(path, cause);
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
        throw metricsStoreError(path, cause);
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
