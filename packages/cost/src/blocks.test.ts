import { describe, expect, it } from "vitest";
import {
  activeBlock,
  blockBurnRate,
  blocksBetween,
  projectBlock,
  recentBlocks,
  type UsageBlock,
  usageBlocks,
} from "./blocks.js";
import { picoToUsd } from "./money.js";
import { createPriceBook } from "./pricing.js";
import type { UsageRecord } from "./records.js";

const book = createPriceBook();
let n = 0;
function req(timestamp: string, u: Partial<UsageRecord> = {}): UsageRecord {
  n++;
  return {
    key: `m${n}:r${n}`,
    timestamp,
    sessionId: "s1",
    project: "-home-dev-x",
    model: "claude-sonnet-4-5-20250929",
    agentId: null,
    sidechain: false,
    input: 0,
    output: 0,
    cacheWrite5m: 0,
    cacheWrite1h: 0,
    cacheRead: 0,
    ...u,
  };
}
const LONG_AGO = Date.parse("2030-01-01T00:00:00Z");
const spans = (blocks: UsageBlock[]) => blocks.map((b) => [b.id, b.end, b.requests]);

describe("usageBlocks", () => {
  it("starts a block at its first request floored to the hour and ends it 5 h later", () => {
    const blocks = usageBlocks([req("2026-11-20T09:47:13.500Z", { output: 10 })], { book, now: LONG_AGO });
    expect(spans(blocks)).toEqual([["2026-11-20T09:00:00.000Z", "2026-11-20T14:00:00.000Z", 1]]);
    expect(blocks[0]?.lastActivity).toBe("2026-11-20T09:47:13.500Z");
  });

  it("keeps a request exactly at the block's end in the block; a millisecond later starts the next one, without a gap", () => {
    const blocks = usageBlocks(
      [
        req("2026-11-20T09:30:00.000Z"),
        req("2026-11-20T13:10:00.000Z"),
        req("2026-11-20T14:00:00.000Z"),
        req("2026-11-20T14:00:00.001Z"),
      ],
      { book, now: LONG_AGO },
    );
    expect(spans(blocks)).toEqual([
      ["2026-11-20T09:00:00.000Z", "2026-11-20T14:00:00.000Z", 3],
      ["2026-11-20T14:00:00.000Z", "2026-11-20T19:00:00.000Z", 1],
    ]);
  });

  it("after a pause longer than 5 h, adds a gap from the last request + 5 h to the next request", () => {
    const blocks = usageBlocks([req("2026-11-20T09:30:00.000Z"), req("2026-11-21T07:15:00.000Z")], {
      book,
      now: LONG_AGO,
    });
    expect(spans(blocks)).toEqual([
      ["2026-11-20T09:00:00.000Z", "2026-11-20T14:00:00.000Z", 1],
      ["gap-2026-11-20T14:30:00.000Z", "2026-11-21T07:15:00.000Z", 0],
      ["2026-11-21T07:00:00.000Z", "2026-11-21T12:00:00.000Z", 1],
    ]);
    expect(blocks[1]?.isGap).toBe(true);
  });

  it("a pause of exactly 5 h is no gap", () => {
    const blocks = usageBlocks([req("2026-11-20T09:30:00.000Z"), req("2026-11-20T14:30:00.000Z")], {
      book,
      now: LONG_AGO,
    });
    expect(blocks.map((b) => b.isGap)).toEqual([false, false]);
  });

  it("orders requests by time whatever order they come in, and counts tokens and exact cost per block", () => {
    const blocks = usageBlocks(
      [
        req("2026-11-20T10:00:00.000Z", { output: 1_000_000 }),
        req("2026-11-20T09:10:00.000Z", { input: 1_000_000, model: "claude-haiku-4-5-20251001" }),
      ],
      { book, now: LONG_AGO },
    );
    expect(blocks).toHaveLength(1);
    expect(blocks[0]?.firstActivity).toBe("2026-11-20T09:10:00.000Z");
    expect(blocks[0]?.models).toEqual(["claude-haiku-4-5-20251001", "claude-sonnet-4-5-20250929"]);
    // Haiku 4.5 input $1 + Sonnet 4.5 output $15 per million.
    expect(picoToUsd(blocks[0]?.costPico ?? 0n)).toBe(16);
    expect(blocks[0]?.tokens.total).toBe(2_000_000);
  });

  it("Claude Code's <synthetic> messages keep a block open but are neither a model nor unpriced; an unknown model is", () => {
    const blocks = usageBlocks(
      [
        req("2026-11-20T09:10:00.000Z", { output: 5 }),
        req("2026-11-20T13:00:00.000Z", { model: "<synthetic>" }),
        req("2026-11-20T17:30:00.000Z", { model: "claude-future-9", output: 7 }),
      ],
      { book, now: LONG_AGO },
    );
    // Without the 13:00 placeholder, 17:30 would come 8 h after 09:10 and follow a gap.
    expect(blocks.map((b) => [b.id, b.requests, b.unpricedRequests, b.models])).toEqual([
      ["2026-11-20T09:00:00.000Z", 2, 0, ["claude-sonnet-4-5-20250929"]],
      ["2026-11-20T17:00:00.000Z", 1, 1, ["claude-future-9"]],
    ]);
  });

  it("counts 5 real hours across a daylight-saving change; the start-day filter uses the zone's calendar", () => {
    // New York falls back at 06:00 UTC on 2026-11-01 (02:00 EDT becomes 01:00 EST).
    const blocks = usageBlocks([req("2026-11-01T05:20:00.000Z"), req("2026-11-01T09:59:00.000Z")], {
      book,
      now: LONG_AGO,
    });
    expect(spans(blocks)).toEqual([["2026-11-01T05:00:00.000Z", "2026-11-01T10:00:00.000Z", 2]]);
    // 05:00 UTC is 01:00 EDT on the 1st in New York, but still 31 October in Honolulu.
    const range = { since: "2026-11-01", until: "2026-11-01" };
    expect(blocksBetween(blocks, { ...range, timezone: "America/New_York" })).toHaveLength(1);
    expect(blocksBetween(blocks, { ...range, timezone: "Pacific/Honolulu" })).toHaveLength(0);
    // The days as --since/--until take them, with or without dashes.
    expect(
      blocksBetween(blocks, { since: "20261101", until: "20261101", timezone: "America/New_York" }),
    ).toHaveLength(1);
    expect(() => blocksBetween(blocks, { since: "20261301" })).toThrow(/there is no month 13/);
  });

  it("takes another window length", () => {
    const blocks = usageBlocks([req("2026-11-20T09:10:00.000Z"), req("2026-11-20T10:20:00.000Z")], {
      book,
      now: LONG_AGO,
      durationHours: 1,
    });
    expect(spans(blocks)).toEqual([
      ["2026-11-20T09:00:00.000Z", "2026-11-20T10:00:00.000Z", 1],
      // Listed by start: the next block starts at 10:00 (its request floored to the hour), before the gap does.
      ["2026-11-20T10:00:00.000Z", "2026-11-20T11:00:00.000Z", 1],
      ["gap-2026-11-20T10:10:00.000Z", "2026-11-20T10:20:00.000Z", 0],
    ]);
  });
});

describe("the active block", () => {
  const history = [
    req("2026-11-20T09:10:00.000Z", { input: 600, output: 3000, cacheRead: 6000 }),
    req("2026-11-20T10:10:00.000Z", { input: 400, output: 2000, cacheRead: 6000 }),
  ];

  it("is active while now is before its end and within 5 h of its last request", () => {
    const at = (iso: string) => usageBlocks(history, { book, now: Date.parse(iso) })[0]?.isActive;
    expect(at("2026-11-20T10:30:00.000Z")).toBe(true);
    expect(at("2026-11-20T13:59:59.999Z")).toBe(true);
    expect(at("2026-11-20T14:00:00.000Z")).toBe(false);
  });

  it("burns at its tokens and cost over the span from first to last request, and projects that to its end", () => {
    const now = Date.parse("2026-11-20T11:10:00.000Z");
    const status = activeBlock(history, { book, now });
    expect(status?.block.id).toBe("2026-11-20T09:00:00.000Z");
    expect(status?.elapsedMinutes).toBe(130);
    expect(status?.remainingMinutes).toBe(170);
    // 18,000 tokens over 60 minutes; input+output 6,000.
    expect(status?.burnRate?.tokensPerMinute).toBe(300);
    expect(status?.burnRate?.tokensPerMinuteForIndicator).toBe(100);
    // Sonnet 4.5: 1,000 × $3 + 5,000 × $15 + 12,000 × $0.30 per million = $0.0816 in the hour.
    expect(picoToUsd(status?.block.costPico ?? 0n)).toBe(0.0816);
    expect(picoToUsd(status?.burnRate?.costPicoPerHour ?? 0n)).toBe(0.0816);
    expect(status?.projection).toEqual({
      totalTokens: 18_000 + 300 * 170,
      costPico: status?.block.costPico ? status.block.costPico + (status.block.costPico * 170n) / 60n : 0n,
      remainingMinutes: 170,
    });
  });

  it("has no burn rate with a single request, and no projection once inactive", () => {
    const one = usageBlocks([req("2026-11-20T09:10:00.000Z", { output: 9 })], {
      book,
      now: Date.parse("2026-11-20T09:20:00.000Z"),
    })[0] as UsageBlock;
    expect(one.isActive).toBe(true);
    expect(blockBurnRate(one)).toBeNull();
    expect(projectBlock(one, Date.parse("2026-11-20T09:20:00.000Z"))).toBeNull();
    const past = usageBlocks(history, { book, now: LONG_AGO })[0] as UsageBlock;
    expect(blockBurnRate(past)?.tokensPerMinute).toBe(300);
    expect(projectBlock(past, LONG_AGO)).toBeNull();
    expect(activeBlock(history, { book, now: LONG_AGO })).toBeNull();
    expect(activeBlock([], { book, now: LONG_AGO })).toBeNull();
  });

  it("recentBlocks keeps blocks started in the last 3 days, and the active one however old its start", () => {
    const blocks = usageBlocks(
      [req("2026-11-10T09:10:00.000Z"), req("2026-11-17T06:10:00.000Z"), req("2026-11-20T09:10:00.000Z")],
      { book, now: Date.parse("2026-11-20T10:00:00.000Z") },
    );
    // The cutoff is 2026-11-17T10:00: the block from 06:00 that day is older, the gap after it (from 11:10) is not.
    expect(recentBlocks(blocks, Date.parse("2026-11-20T10:00:00.000Z")).map((b) => b.id)).toEqual([
      "gap-2026-11-17T11:10:00.000Z",
      "2026-11-20T09:00:00.000Z",
    ]);
  });
});
