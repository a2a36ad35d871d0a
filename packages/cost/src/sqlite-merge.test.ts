import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { describe, expect, it } from "vitest";
import { writeLegacyBatches } from "../test/legacy-ledger.js";
import { assistantLine, lines, taskCall } from "../test/lines.js";
import { ingestTranscripts } from "./ingest.js";
import { createMemoryTranscriptSource } from "./memory-source.js";
import { mergeSqliteUsageStore } from "./sqlite-merge.js";
import { keptRequests } from "./sqlite-rollups.js";
import { openSqliteUsageStore } from "./sqlite-store.js";

const dir = () => mkdtempSync(join(tmpdir(), "vx-cost-merge-"));

/** Sum of output tokens and the request keys: what a report's totals are made of. */
const totals = (path: string) => {
  const store = openSqliteUsageStore(path);
  try {
    const records = store.usage();
    return {
      keys: records.map((r) => r.key).sort(),
      output: records.reduce((sum, r) => sum + r.output, 0),
      agents: Object.fromEntries(store.agentTypes()),
      files: store.counts().files,
    };
  } finally {
    store.close();
  }
};

/** What a ledger of schema 3 (a project's, before one ledger per user) kept: its requests as batches. */
function toSchema3(path: string): void {
  const db = new DatabaseSync(path);
  const records = keptRequests(db);
  // Two batches, so the merge folds copies across them as it did across a file's runs.
  const half = Math.ceil(records.length / 2);
  writeLegacyBatches(db, [
    ["f", records.slice(0, half)],
    ["f", records.slice(half)],
  ]);
  db.exec("DELETE FROM cost_requests; UPDATE cost_meta SET value = '3' WHERE key = 'schema'");
  db.close();
}

describe("mergeSqliteUsageStore", () => {
  it.each(["4", "3"])(
    "folds two ledgers (schema %s) with overlapping requests into one, each request once with its final usage",
    (schema) => {
      const base = dir();
      // Ledger A read the session while message m2 was still streaming (output 5); ledger B later saw its last line.
      const shared = lines(assistantLine({ id: "m1", output: 10 }), assistantLine({ id: "m2", output: 5 }));
      const a = join(base, "a", "vextrus.db");
      const b = join(base, "b", "vextrus.db");
      const storeA = openSqliteUsageStore(a);
      ingestTranscripts({
        source: createMemoryTranscriptSource(
          new Map([
            ["p/s1.jsonl", shared],
            [
              "p/a.jsonl",
              lines(assistantLine({ id: "a1", output: 7, content: taskCall("toolu_1", "Explore") })),
            ],
          ]),
        ),
        store: storeA,
      });
      storeA.close();
      const storeB = openSqliteUsageStore(b);
      ingestTranscripts({
        source: createMemoryTranscriptSource(
          new Map([
            ["p/s1.jsonl", shared + lines(assistantLine({ id: "m2", output: 40 }))],
            ["p/b.jsonl", lines(assistantLine({ id: "b1", output: 3 }))],
          ]),
        ),
        store: storeB,
      });
      storeB.close();
      if (schema === "3") for (const path of [a, b]) toSchema3(path);

      const user = join(base, "user", "cost-ledger.db");
      const into = openSqliteUsageStore(user);
      expect(mergeSqliteUsageStore(a, into)).toEqual({ records: 3, files: 2 });
      expect(mergeSqliteUsageStore(b, into)).toEqual({ records: 3, files: 2 });
      // s1 read further by B: its position wins, so a later ingest reads only what is new.
      expect(into.getFile("p/s1.jsonl")?.offset).toBe(
        Buffer.byteLength(shared + lines(assistantLine({ id: "m2", output: 40 }))),
      );
      into.close();
      const merged = totals(user);
      expect(merged.keys).toHaveLength(4);
      expect(merged.output).toBe(10 + 40 + 7 + 3);
      expect(merged.files).toBe(3);

      // Again, and in the other order: nothing is added twice.
      const again = openSqliteUsageStore(user);
      mergeSqliteUsageStore(b, again);
      mergeSqliteUsageStore(a, again);
      again.close();
      expect(totals(user)).toEqual(merged);
    },
  );

  it("names a file that is not a ledger and leaves the target untouched", () => {
    const base = dir();
    const into = openSqliteUsageStore(join(base, "user.db"));
    expect(() => mergeSqliteUsageStore(join(base, "missing.db"), into)).toThrow(/missing\.db does not exist/);
    expect(into.counts().records).toBe(0);
    into.close();
  });
});
