import { describe, expect, it } from "vitest";
import { summarizeUsage } from "./aggregate.js";
import { createPriceBook } from "./pricing.js";
import type { UsageRecord } from "./records.js";

const book = createPriceBook();

let n = 0;
function rec(over: Partial<UsageRecord>): UsageRecord {
  n++;
  return {
    key: `k${n}`,
    timestamp: "2026-11-20T10:00:00.000Z",
    sessionId: "s1",
    project: "-home-dev-app",
    model: "claude-sonnet-4-5-20250929",
    agentId: null,
    sidechain: false,
    input: 0,
    output: 0,
    cacheWrite5m: 0,
    cacheWrite1h: 0,
    cacheRead: 0,
    ...over,
  };
}

// Sonnet 4.5: 1M input = $3, 1M output = $15. Haiku 4.5: 1M output = $5. Opus 4.1: 1M cache read = $1.50.
const records = [
  rec({ timestamp: "2026-11-19T23:30:00.000Z", input: 1_000_000 / 10, sessionId: "s1" }), // $0.30
  rec({ timestamp: "2026-11-20T00:30:00.000Z", output: 100_000, sessionId: "s1" }), // $1.50
  rec({
    timestamp: "2026-11-20T12:00:00.000Z",
    output: 200_000,
    model: "claude-haiku-4-5",
    sessionId: "s2",
    project: "-home-dev-api",
    agentId: "a1",
    sidechain: true,
  }), // $1.00
  rec({
    timestamp: "2026-12-01T08:00:00.000Z",
    cacheRead: 1_000_000 / 10,
    model: "claude-opus-4-1-20250805",
    sessionId: "s3",
  }), // $0.15
  rec({
    timestamp: "2026-12-01T09:00:00.000Z",
    input: 5,
    output: 5,
    model: "claude-mystery-1",
    sessionId: "s3",
  }),
  rec({ timestamp: "2026-12-01T09:00:00.000Z", model: "<synthetic>" }),
];
const usd = (pico: bigint) => Number(pico) / 1e12;

describe("summarizeUsage", () => {
  it("groups by UTC day with exact costs and token totals by kind", () => {
    const r = summarizeUsage(records, { groupBy: "day", book });
    expect(r.groups.map((g) => [g.key, usd(g.costPico), g.requests])).toEqual([
      ["2026-11-19", 0.3, 1],
      ["2026-11-20", 2.5, 2],
      ["2026-12-01", 0.15, 2],
    ]);
    expect(r.totals.costPico).toBe(2_950_000_000_000n);
    expect(r.totals.tokens).toEqual({
      input: 100_005,
      output: 300_005,
      cacheWrite5m: 0,
      cacheWrite1h: 0,
      cacheRead: 100_000,
      total: 500_010,
    });
  });

  it("moves day boundaries with the time zone", () => {
    const ny = summarizeUsage(records, { groupBy: "day", book, timezone: "America/New_York" });
    expect(ny.groups.map((g) => [g.key, usd(g.costPico)])).toEqual([
      ["2026-11-19", 1.8],
      ["2026-11-20", 1],
      ["2026-12-01", 0.15],
    ]);
    const tokyo = summarizeUsage(records, { groupBy: "day", book, timezone: "Asia/Tokyo" });
    expect(tokyo.groups.map((g) => [g.key, usd(g.costPico)])).toEqual([
      ["2026-11-20", 2.8],
      ["2026-12-01", 0.15],
    ]);
  });

  it("groups by month, session, project, model and agent", () => {
    const keys = (groupBy: Parameters<typeof summarizeUsage>[1]["groupBy"]) =>
      summarizeUsage(records, {
        groupBy,
        book,
        agentTypes: new Map([["a1", "backend-development"]]),
      }).groups.map((g) => [g.key, usd(g.costPico)]);
    expect(keys("month")).toEqual([
      ["2026-11", 2.8],
      ["2026-12", 0.15],
    ]);
    expect(keys("session")).toEqual([
      ["s1", 1.8],
      ["s2", 1],
      ["s3", 0.15],
    ]);
    expect(keys("project")).toEqual([
      ["-home-dev-app", 1.95],
      ["-home-dev-api", 1],
    ]);
    expect(keys("model")).toEqual([
      ["claude-sonnet-4-5-20250929", 1.8],
      ["claude-haiku-4-5", 1],
      ["claude-opus-4-1-20250805", 0.15],
      ["claude-mystery-1", 0],
    ]);
    expect(keys("agent")).toEqual([
      ["main", 1.95],
      ["backend-development", 1],
    ]);
  });

  it("says which models are unpriced and counts their tokens without inventing a cost", () => {
    const r = summarizeUsage(records, { groupBy: "month", book });
    expect(r.unpricedModels).toEqual(["claude-mystery-1"]);
    const dec = r.groups.find((g) => g.key === "2026-12");
    expect(dec).toMatchObject({ requests: 2, unpricedRequests: 1 });
    expect(dec?.models.find((m) => m.model === "claude-mystery-1")).toMatchObject({
      priced: false,
      costPico: 0n,
    });
  });

  it("filters by inclusive local days, and by project name", () => {
    const r = summarizeUsage(records, { groupBy: "day", book, since: "20261120", until: "2026-11-20" });
    expect(r.groups.map((g) => g.key)).toEqual(["2026-11-20"]);
    expect(usd(r.totals.costPico)).toBe(2.5);
    const api = summarizeUsage(records, { groupBy: "day", book, project: "API" });
    expect(api.totals.requests).toBe(1);
  });

  it("names the option of a bad date or zone", () => {
    expect(() => summarizeUsage(records, { groupBy: "day", book, since: "2026-13-01" })).toThrow(
      /since: 2026-13-01 is not a date \(there is no month 13\)/,
    );
    expect(() => summarizeUsage(records, { groupBy: "day", book, timezone: "Mars/Olympus" })).toThrow(
      /timezone: unknown time zone/,
    );
  });

  it("gives a session its project and activity span", () => {
    const s1 = summarizeUsage(records, { groupBy: "session", book }).groups[0];
    expect(s1).toMatchObject({
      key: "s1",
      project: "-home-dev-app",
      firstTimestamp: "2026-11-19T23:30:00.000Z",
      lastTimestamp: "2026-11-20T00:30:00.000Z",
    });
  });

  it("stays exact past 2^53 pico-dollars (a heavy team's month)", () => {
    const big = Array.from({ length: 200 }, (_, i) =>
      rec({ key: `b${i}`, output: 1_000_000, model: "claude-opus-4-1" }),
    );
    expect(summarizeUsage(big, { groupBy: "month", book }).totals.costPico).toBe(200n * 75_000_000_000_000n);
  });
});
