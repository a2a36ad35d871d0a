import { DatabaseSync } from "node:sqlite";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { writeLegacyBatches } from "../test/legacy-ledger.js";
import { usageRecord } from "../test/records.js";
import { restoreTzAfterEach } from "../test/restore-tz.js";
import {
  aroundKolkataMidnight,
  batches,
  ingest,
  OVERRIDES,
  tempDb,
  ZONES,
} from "../test/rollup-arbitraries.js";
import { type CostGrouping, summarizeUsage } from "./aggregate.js";
import { budgetStatus } from "./budget.js";
import { LOCAL_TIME_ZONE } from "./dates.js";
import { createPriceBook } from "./pricing.js";
import type { UsageRecord } from "./records.js";
import { type RollupDimension, type RollupQuery, type RollupRow, rollupRecords } from "./rollup.js";
import { reportFromRollups, storeView } from "./rollup-report.js";
import { openSqliteUsageStore } from "./sqlite-store.js";
import { createMemoryUsageStore, type UsageStore } from "./store.js";

restoreTzAfterEach();

const DIMENSIONS: RollupDimension[][] = [
  [],
  ["hour"],
  ["session"],
  ["project"],
  ["agent"],
  ["hour", "agent"],
];

function sorted(rows: RollupRow[]): RollupRow[] {
  const id = (r: RollupRow) =>
    JSON.stringify([r.hour, r.session, r.project, r.agentId, r.sidechain, r.model, r.speed, r.geo, r.band]);
  return [...rows].sort((a, b) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0));
}

function expectRollupsMatch(store: UsageStore, query: Omit<RollupQuery, "by"> = {}): void {
  const valid = store.usage().filter((r) => !Number.isNaN(Date.parse(r.timestamp)));
  for (const by of DIMENSIONS) {
    expect(sorted(store.rollups({ ...query, by })), by.join("+")).toEqual(
      sorted(rollupRecords(valid, { ...query, by })),
    );
  }
}

describe("rollups kept at ingest", () => {
  it("equal the rollups of the stored requests, after any appends and replaced copies (SQLite and memory)", () => {
    fc.assert(
      fc.property(batches, (input) => {
        const path = tempDb();
        const sqlite = openSqliteUsageStore(path);
        const memory = createMemoryUsageStore();
        ingest(sqlite, input);
        ingest(memory, input);
        expectRollupsMatch(sqlite);
        expectRollupsMatch(sqlite, {
          fromHour: "2026-03-29T00",
          toHour: "2026-11-01T05",
          projects: ["-home-a-beta"],
        });
        expectRollupsMatch(memory);
        expect(sqlite.usage()).toEqual(memory.usage());
        expect(sqlite.rollupProjects()).toEqual(memory.rollupProjects());
        sqlite.close();
        // What a later process reads back.
        const again = openSqliteUsageStore(path);
        expectRollupsMatch(again);
        again.close();
      }),
      { numRuns: 60 },
    );
  });

  it("a window of requests holds each as merged, even when a copy that taught it something is outside", () => {
    const copy = (timestamp: string, output: number, agentId: string | null): UsageRecord => ({
      key: "m1:r1",
      timestamp,
      sessionId: "s",
      project: "p",
      model: "claude-opus-4-6",
      agentId,
      sidechain: agentId !== null,
      input: 10,
      output,
      cacheWrite5m: 0,
      cacheWrite1h: 0,
      cacheRead: 0,
    });
    for (const store of [openSqliteUsageStore(tempDb()), createMemoryUsageStore()]) {
      // The progress echo (knows the agent) in March, the subagent's own final line in November.
      store.transaction(() => store.addUsage([copy("2026-03-08T06:00:00.000Z", 3, "a1")], "parent"));
      store.transaction(() => store.addUsage([copy("2026-11-01T05:20:00.000Z", 90, null)], "subagent"));
      const [r] = store.usage({ from: "2026-10-31T00:00:00.000Z", to: "2026-12-02T00:00:00.000Z" });
      expect(r).toMatchObject({ output: 90, agentId: "a1", sidechain: true });
      store.close();
    }
  });

  it("a write that fails rolls the rollups back with the requests", () => {
    const store = openSqliteUsageStore(tempDb());
    const r = (key: string, output: number): UsageRecord => ({
      key,
      timestamp: "2026-11-20T10:00:00.000Z",
      sessionId: "s",
      project: "p",
      model: "claude-opus-4-6",
      agentId: null,
      sidechain: false,
      input: 10,
      output,
      cacheWrite5m: 0,
      cacheWrite1h: 0,
      cacheRead: 0,
    });
    store.transaction(() => store.addUsage([r("a", 1)], "f"));
    expect(() =>
      store.transaction(() => {
        store.addUsage([r("a", 50), r("b", 7)], "f");
        throw new Error("crash before the offsets are written");
      }),
    ).toThrow(/crash/);
    expect(store.rollups({ by: [] }).map((row) => [row.requests, row.output])).toEqual([[1, 1]]);
    // What the rolled-back transaction noted for the rollups (applied at commit) is gone too.
    store.transaction(() => store.addUsage([r("c", 2)], "g"));
    expect(store.rollups({ by: [] }).map((row) => [row.requests, row.output])).toEqual([[2, 3]]);
    store.close();
  });

  it("are built once for a ledger from before them (schema 2), get change positions in one of schema 3, and are rebuilt when their layout or the band thresholds change", () => {
    fc.assert(
      fc.property(batches, fc.constantFrom("2", "3"), (input, schema) => {
        const path = tempDb();
        const store = openSqliteUsageStore(path);
        ingest(store, input);
        const before = store.usage();
        const id = store.ledgerId();
        store.close();
        const db = new DatabaseSync(path);
        writeLegacyBatches(db, input);
        if (schema === "2") {
          // No rollup tables yet.
          db.exec(
            "DROP TABLE cost_requests; DROP TABLE cost_rollups; DELETE FROM cost_meta WHERE key = 'rollup_format'",
          );
        } else if (input.length % 2 === 1) {
          // The first layout of cost_requests (keyed WITHOUT ROWID), left by an earlier build: rebuilt.
          db.exec(`DROP TABLE cost_requests; CREATE TABLE cost_requests (key TEXT PRIMARY KEY, ts TEXT NOT NULL,
            hour TEXT NOT NULL, session TEXT NOT NULL, project TEXT NOT NULL, model TEXT NOT NULL, agent_id TEXT,
            sidechain INTEGER NOT NULL, speed TEXT, geo TEXT, band INTEGER NOT NULL, input INTEGER NOT NULL,
            output INTEGER NOT NULL, write5m INTEGER NOT NULL, write1h INTEGER NOT NULL, read INTEGER NOT NULL,
            web INTEGER NOT NULL) WITHOUT ROWID`);
          db.exec("UPDATE cost_meta SET value = '1;100000' WHERE key = 'rollup_format'");
        } else db.exec("DROP INDEX cost_requests_seq; ALTER TABLE cost_requests DROP COLUMN seq");
        db.prepare("UPDATE cost_meta SET value = ? WHERE key = 'schema'").run(schema);
        db.close();

        const migrated = openSqliteUsageStore(path);
        expect(migrated.usage()).toEqual(before);
        expectRollupsMatch(migrated);
        // The team sync's feed is now the kept requests: each once from position 0, under a new ledger id (the
        // positions a team ledger noted were the batches').
        expect(migrated.ledgerId()).not.toBe(id);
        expect(byKey(migrated.changesSince(0, 1_000).records)).toEqual(byKey(before));
        migrated.close();

        const stale = new DatabaseSync(path);
        expect(stale.prepare("SELECT value FROM cost_meta WHERE key = 'schema'").get()).toEqual({
          value: "4",
        });
        expect(
          stale.prepare("SELECT 1 FROM sqlite_master WHERE name = 'cost_batches'").get(),
        ).toBeUndefined();
        // Their pages given back (VACUUM), not left free in the file.
        expect(stale.prepare("PRAGMA freelist_count").get()).toEqual({ freelist_count: 0 });
        // Stored bands from other thresholds: rebuilt on open, from the kept requests.
        stale.exec("UPDATE cost_requests SET band = 7; UPDATE cost_rollups SET band = 7, requests = 0");
        stale.exec("UPDATE cost_meta SET value = '1;100000' WHERE key = 'rollup_format'");
        stale.close();
        const rebuilt = openSqliteUsageStore(path);
        expect(rebuilt.usage()).toEqual(before);
        expectRollupsMatch(rebuilt);
        expect(byKey(rebuilt.changesSince(0, 1_000).records)).toEqual(byKey(before));
        rebuilt.close();
      }),
      { numRuns: 20 },
    );
  });
});

const byKey = (records: UsageRecord[]) => [...records].sort((a, b) => (a.key < b.key ? -1 : 1));

const GROUPINGS: CostGrouping[] = ["day", "week", "month", "session", "project", "model", "agent"];

/** A SQLite and a memory store, each holding `records` as one file's. */
function bothStores(records: UsageRecord[]): UsageStore[] {
  return [openSqliteUsageStore(tempDb()), createMemoryUsageStore()].map((store) => {
    store.transaction(() => store.addUsage(records, "f1"));
    return store;
  });
}

describe("reports from rollups", () => {
  it("places the hours after an offset change by the new offset, through Intl and Date's local methods", () => {
    // Berlin moves to +2 at 01:00Z on 2026-03-29; its next midnight is 22:00Z the same UTC day.
    const at = (key: string, timestamp: string) => usageRecord(key, 10, { timestamp });
    for (const local of [false, true]) {
      if (local) process.env.TZ = "Europe/Berlin";
      const records = [
        at("m1:r1", "2026-03-29T00:30:00.000Z"),
        at("m2:r2", "2026-03-29T21:10:00.000Z"),
        at("m3:r3", "2026-03-29T22:10:00.000Z"),
      ];
      for (const store of bothStores(records)) {
        const options = { groupBy: "day" as const, book: createPriceBook(), timezone: "Europe/Berlin" };
        const report = reportFromRollups(store, { ...options, timezoneIsLocal: local });
        expect(report.groups.map((g) => [g.key, g.requests])).toEqual([
          ["2026-03-29", 2],
          ["2026-03-30", 1],
        ]);
        store.close();
      }
    }
  });

  it("reads an hour that holds a local midnight request by request, once, in both stores", () => {
    const records = aroundKolkataMidnight();
    for (const store of bothStores(records)) {
      const options = { groupBy: "day" as const, book: createPriceBook(), timezone: "Asia/Kolkata" };
      const report = reportFromRollups(store, options);
      expect(report.groups.map((g) => [g.key, g.requests, g.tokens.input])).toEqual([
        ["2026-12-31", 2, 200],
        ["2027-01-01", 2, 200],
      ]);
      expect(report).toEqual(summarizeUsage(store.usage(), options));
      store.close();
    }
  });

  it("equal summarizeUsage over every stored request, to the token and the pico", () => {
    fc.assert(
      fc.property(
        batches,
        fc.constantFrom(...ZONES),
        fc.boolean(),
        fc.constantFrom(...OVERRIDES),
        fc.constantFrom(...GROUPINGS),
        fc.record({
          since: fc.option(fc.constantFrom("20260308", "2026-03-29", "20261101"), { nil: undefined }),
          until: fc.option(fc.constantFrom("20260404", "2026-11-01", "20261231"), { nil: undefined }),
          project: fc.option(fc.constantFrom("alpha", "BETA", "nothing"), { nil: undefined }),
        }),
        fc.boolean(),
        (input, timezone, local, overrides, groupBy, window, sqlite) => {
          const store = sqlite ? openSqliteUsageStore(tempDb()) : createMemoryUsageStore();
          ingest(store, input);
          const book = createPriceBook({ overrides });
          const agentTypes = new Map([
            ["a1", "code-reviewer"],
            ["a2", "Explore"],
          ]);
          const options = {
            groupBy,
            book,
            timezone,
            agentTypes,
            startOfWeek: "monday" as const,
            ...(window.since && { since: window.since }),
            ...(window.until && { until: window.until }),
            ...(window.project && { project: window.project }),
          };
          if (local) process.env.TZ = timezone;
          const fromRollups = reportFromRollups(store, { ...options, timezoneIsLocal: local });
          const fromRequests = summarizeUsage(store.usage(), options);
          expect(fromRollups).toEqual(fromRequests);
          if (groupBy === "agent") {
            // The budget's month, by agent, and its recommendations (which read requests) agree too.
            const budget = {
              book,
              monthlyBudgetUsd: 0.01,
              alertThresholdPct: 80,
              now: new Date("2026-11-01T03:00:00.000Z"),
              timezone,
              agentTypes,
            };
            expect(budgetStatus(storeView(store), { ...budget, timezoneIsLocal: local })).toEqual(
              budgetStatus(store.usage(), budget),
            );
          }
          if (local) {
            // The same days through Date's local methods as through the zone's name.
            expect(summarizeUsage(store.usage(), { ...options, timezone: LOCAL_TIME_ZONE }).groups).toEqual(
              fromRequests.groups,
            );
          }
          store.close();
        },
      ),
      { numRuns: 250 },
    );
  });
});
