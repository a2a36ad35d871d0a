import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { activeBlock, lastBlockStart, recentActiveBlock, usageBlocks } from "./blocks.js";
import { createPriceBook } from "./pricing.js";
import type { UsageRecord } from "./records.js";
import { hourOf } from "./rollup.js";
import { recordsView, storeView } from "./rollup-report.js";
import { openSqliteUsageStore } from "./sqlite-store.js";
import { createMemoryUsageStore } from "./store.js";

const book = createPriceBook();
const tempDb = () => join(mkdtempSync(join(tmpdir(), "vx-recent-block-")), "ledger.db");
const HOUR = 3_600_000;
const T0 = Date.parse("2026-11-20T00:00:00.000Z");

// The models a block's sums must handle: priced ones, Claude Code's placeholder (activity, never billed), one without a
// price, and one a user priced with a long-context threshold of their own (its requests are then read one by one).
const MODELS = ["claude-opus-4-5", "claude-sonnet-4-5-20250929", "<synthetic>", "mystery-model"];
const OWN_THRESHOLD = createPriceBook({
  overrides: {
    "mystery-model": { input: 1, output: 2, long_context: { above_tokens: 150, input: 2, output: 4 } },
  },
});

function req(ms: number, i: number, output: number, models = 2): UsageRecord {
  return {
    key: `m${i}:r${i}`,
    timestamp: new Date(ms).toISOString(),
    sessionId: "s1",
    project: "-home-dev-x",
    model:
      models === 2
        ? i % 3 === 0
          ? "claude-opus-4-5"
          : "claude-sonnet-4-5-20250929"
        : (MODELS[i % models] as string),
    agentId: null,
    sidechain: false,
    input: 10 + (i % 5) * 60,
    output,
    cacheWrite5m: 0,
    cacheWrite1h: 0,
    cacheRead: 0,
  };
}

/** What the status line showed before: the active block over every request since the hour a day back. */
function fromTheDay(records: UsageRecord[], now: number, prices = book) {
  const from = new Date(Math.floor((now - 24 * HOUR) / HOUR) * HOUR).toISOString();
  return activeBlock(
    records.filter((r) => r.timestamp >= from),
    { book: prices, now },
  );
}

// Request times over two days, many of them exactly on a whole hour (where a block can end with requests that
// belong to it while later ones of the same hour start the next), in bursts with pauses longer than 5 hours.
const times = fc.array(
  fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: 0, max: 48 * 60 }).map((m) => T0 + m * 60_000) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 48 }).map((h) => T0 + h * HOUR) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 48 * 3600 }).map((s) => T0 + s * 1000 + 500) },
    // Chains about 5 hours apart: pauses just under and just over a block's length.
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: -900, max: 4500 }))
        .map(([k, s]) => T0 + k * (5 * HOUR + s * 1000)),
    },
  ),
  { minLength: 0, maxLength: 30 },
);

describe("recentActiveBlock", () => {
  it("gives the active block that the day's requests give, reading only the last block's requests", () => {
    fc.assert(
      fc.property(
        times,
        fc.integer({ min: 0, max: 50 * 60 }),
        fc.integer({ min: 2, max: 4 }),
        fc.boolean(),
        fc.boolean(),
        (ms, nowMin, models, own, sqlite) => {
          const records = ms.map((t, i) => req(t, i, 1 + (i % 7) * 100, models));
          const now = T0 + nowMin * 60_000;
          const prices = own ? OWN_THRESHOLD : book;
          const want = fromTheDay(records, now, prices);
          expect(recentActiveBlock(recordsView(records), { book: prices, now })).toEqual(want);
          // A ledger's view: the block from its sums (or its requests, when the sums cannot say). SQLite hands its
          // sums out in another order than the requests came in.
          const store = sqlite ? openSqliteUsageStore(tempDb()) : createMemoryUsageStore();
          store.transaction(() => store.addUsage(records, "f"));
          expect(recentActiveBlock(storeView(store), { book: prices, now })).toEqual(want);
          store.close();
          // And the start it reads from is the last block's own, whenever the hours decide it.
          const fromHour = hourOf(new Date(now - 24 * HOUR).toISOString());
          const start = lastBlockStart(recordsView(records).hours?.(fromHour) ?? []);
          const day = records.filter((r) => r.timestamp >= `${fromHour}:00:00.000Z`);
          const blocks = usageBlocks(day, { book, now }).filter((b) => !b.isGap);
          if (start !== undefined) expect(start).toBe(blocks.at(-1)?.start ?? null);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("reads the day when a block ends on a whole hour that also holds the next block's first request", () => {
    const records = [
      req(T0 + 10 * 60_000, 1, 5),
      req(T0 + 5 * HOUR, 2, 7),
      req(T0 + 5 * HOUR + 60_000, 3, 9),
    ];
    const view = recordsView(records);
    expect(lastBlockStart(view.hours?.("2026-11-19T00") ?? [])).toBeUndefined();
    const now = T0 + 6 * HOUR;
    const block = recentActiveBlock(view, { book, now });
    // The request at 05:00:00.000 stays in the block that started at 00:00; the one a minute later starts the next.
    expect(block?.block.start).toBe("2026-11-20T05:00:00.000Z");
    expect(block?.block.requests).toBe(1);
    expect(block).toEqual(fromTheDay(records, now));
  });

  it("lists the models of a block in the order first used, even when two were first used at the same instant", () => {
    // The sums of a SQLite ledger come by model name; the requests, by time and then as stored.
    const at = T0 + 2 * HOUR + 5_000;
    const records = [
      { ...req(at, 1, 5), model: "claude-sonnet-4-5-20250929" },
      { ...req(at, 2, 7), model: "claude-opus-4-5" },
      { ...req(at + 60_000, 3, 9), model: "claude-haiku-4-5" },
    ];
    const store = openSqliteUsageStore(tempDb());
    try {
      store.transaction(() => store.addUsage(records, "f"));
      const now = T0 + 3 * HOUR;
      const block = recentActiveBlock(storeView(store), { book, now });
      expect(block?.block.models).toEqual([
        "claude-sonnet-4-5-20250929",
        "claude-opus-4-5",
        "claude-haiku-4-5",
      ]);
      expect(block).toEqual(fromTheDay(records, now));
    } finally {
      store.close();
    }
  });

  it("takes the hours from a SQLite ledger's rollups", () => {
    const records = [req(T0 + HOUR + 5, 1, 5), req(T0 + 2 * HOUR, 2, 7), req(T0 + 9 * HOUR + 7, 3, 9)];
    const store = openSqliteUsageStore(join(mkdtempSync(join(tmpdir(), "vx-recent-block-")), "ledger.db"));
    try {
      store.transaction(() => store.addUsage(records, "f"));
      const view = storeView(store);
      expect(view.hours?.("2026-11-20T00")).toEqual([
        { hour: "2026-11-20T01", first: records[0]?.timestamp, last: records[0]?.timestamp },
        { hour: "2026-11-20T02", first: records[1]?.timestamp, last: records[1]?.timestamp },
        { hour: "2026-11-20T09", first: records[2]?.timestamp, last: records[2]?.timestamp },
      ]);
      const now = T0 + 10 * HOUR;
      expect(recentActiveBlock(view, { book, now })).toEqual(fromTheDay(records, now));
      expect(recentActiveBlock(view, { book, now })?.block.start).toBe("2026-11-20T09:00:00.000Z");
    } finally {
      store.close();
    }
  });
});
