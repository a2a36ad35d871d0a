import fc from "fast-check";
import { describe, expect, it } from "vitest";
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
import { summarizeUsage } from "./aggregate.js";
import { createPriceBook } from "./pricing.js";
import type { UsageRecord } from "./records.js";
import type { RollupQuery } from "./rollup.js";
import { recordsView, storeView } from "./rollup-report.js";
import { spendOf } from "./spend.js";
import { openSqliteUsageStore } from "./sqlite-store.js";
import { createMemoryUsageStore, type UsageStore } from "./store.js";

restoreTzAfterEach();

/** The totals of the day report over the window, from every stored request: what spend must equal. */
function expected(records: UsageRecord[], options: Parameters<typeof summarizeUsage>[1], session?: string) {
  const mine = session === undefined ? records : records.filter((r) => r.sessionId === session);
  const totals = summarizeUsage(mine, options).totals;
  return {
    costPico: totals?.costPico ?? 0n,
    requests: totals?.requests ?? 0,
    unpricedRequests: totals?.unpricedRequests ?? 0,
  };
}

/** A store that counts the rows its rollups hand out. */
function counting(store: UsageStore): { store: UsageStore; rows: () => number } {
  let rows = 0;
  const rollups = store.rollups.bind(store);
  store.rollups = (query: RollupQuery) => {
    const result = rollups(query);
    rows += result.length;
    return result;
  };
  return { store, rows: () => rows };
}

describe("spendOf: the cost of a window of days", () => {
  it("equals the day report's totals over every stored request, in both stores and both views", () => {
    fc.assert(
      fc.property(
        batches,
        fc.constantFrom(...ZONES),
        fc.boolean(),
        fc.constantFrom(...OVERRIDES),
        fc.constantFrom("20260307", "2026-03-29", "20261031", "20261101", "2026-12-31", "20270101"),
        fc.option(
          fc.constantFrom("20260308", "2026-03-29", "20260404", "20261031", "20261101", "2026-12-31"),
          {
            nil: undefined,
          },
        ),
        fc.option(fc.constantFrom("s1", "s2", "nobody"), { nil: undefined }),
        fc.boolean(),
        (input, timezone, local, overrides, since, until, session, sqlite) => {
          const store = sqlite ? openSqliteUsageStore(tempDb()) : createMemoryUsageStore();
          ingest(store, input);
          const book = createPriceBook({ overrides });
          if (local) process.env.TZ = timezone;
          const window = { book, timezone, since, ...(until && { until }) };
          const want = expected(store.usage(), { ...window, groupBy: "day" }, session);
          const asked = { ...window, timezoneIsLocal: local, ...(session && { session }) };
          const view = storeView(store);
          expect(spendOf(view, asked)).toEqual(want);
          expect(spendOf(recordsView(store.usage()), asked)).toEqual(want);
          // A view without spend (a team's, say): from its day or session report.
          expect(spendOf({ summarize: view.summarize, records: view.records }, asked)).toEqual(want);
          store.close();
        },
      ),
      { numRuns: 300 },
    );
  });

  it("reads an hour that holds a local midnight request by request", () => {
    // Of hour 18Z, only the request after Kolkata's midnight (18:30Z) is on the 1st.
    const records = aroundKolkataMidnight();
    const store = createMemoryUsageStore();
    store.transaction(() => store.addUsage(records, "f1"));
    const spend = spendOf(storeView(store), {
      book: createPriceBook(),
      timezone: "Asia/Kolkata",
      since: "2027-01-01",
      until: "2027-01-01",
    });
    expect(spend.requests).toBe(2);
    expect(spend).toEqual(
      expected(records, {
        book: createPriceBook(),
        timezone: "Asia/Kolkata",
        groupBy: "day",
        since: "20270101",
      }),
    );
  });

  it("reads a month of history as a few sums, not an hour each", () => {
    // A request every hour of November: a day report's rollups are one row an hour; spend's are the hours near
    // its bounds, and the rest summed.
    const records: UsageRecord[] = [];
    for (let h = 0; h < 30 * 24; h++) {
      const timestamp = new Date(Date.UTC(2026, 10, 1) + h * 3_600_000 + 60_000).toISOString();
      records.push(usageRecord(`m${h}:r${h}`, 10, { timestamp, sessionId: h % 2 ? "s1" : "s2" }));
    }
    const { store, rows } = counting(openSqliteUsageStore(tempDb()));
    store.transaction(() => store.addUsage(records, "f1"));
    const book = createPriceBook();
    const spend = spendOf(storeView(store), { book, since: "2026-11-01", session: "s1" });
    expect(spend).toEqual(expected(records, { book, groupBy: "day", since: "2026-11-01" }, "s1"));
    expect(spend.requests).toBe(360);
    // The two UTC days from the month's first hour on, one row an hour (of its sessions), and the rest in two.
    expect(rows()).toBeLessThanOrEqual(2 * 48 + 2);
    store.close();
  });

  it("is nothing for a window that ends before it starts", () => {
    const store = createMemoryUsageStore();
    store.transaction(() =>
      store.addUsage([usageRecord("m1:r1", 10, { timestamp: "2026-11-02T10:00:00.000Z" })], "f1"),
    );
    const spend = spendOf(storeView(store), {
      book: createPriceBook(),
      since: "2026-11-03",
      until: "2026-11-01",
    });
    expect(spend).toEqual({ costPico: 0n, requests: 0, unpricedRequests: 0 });
  });
});
