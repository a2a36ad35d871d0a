import type { DatabaseSync } from "node:sqlite";
import { encodeBatch } from "../src/batch-codec.js";
import type { UsageRecord } from "../src/records.js";

/**
 * Writes what ledgers of schema 2 and 3 kept beside their other tables: each ingest's requests as one JSON batch
 * (`cost_batches`, the team sync's feed before schema 4), in the order given. Empty batches are left out.
 */
export function writeLegacyBatches(db: DatabaseSync, batches: Iterable<[file: string, UsageRecord[]]>): void {
  db.exec(`CREATE TABLE cost_batches (id INTEGER PRIMARY KEY, file TEXT NOT NULL, min_ts TEXT NOT NULL,
    max_ts TEXT NOT NULL, records INTEGER NOT NULL, data TEXT NOT NULL)`);
  const insert = db.prepare(
    "INSERT INTO cost_batches (file, min_ts, max_ts, records, data) VALUES (?, '', '', ?, ?)",
  );
  for (const [file, records] of batches)
    if (records.length > 0) insert.run(file, records.length, encodeBatch(records));
}
