// Weekly totals and 5-hour blocks against ccusage@20.0.24 (native binary) on the same transcripts.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type CostGroup, summarizeUsage, type TokenTotals } from "../src/aggregate.js";
import { blockBurnRate, blocksBetween, projectBlock, type UsageBlock, usageBlocks } from "../src/blocks.js";
import { claudeProjectDirs, createFsTranscriptSource } from "../src/fs-source.js";
import { ingestTranscripts } from "../src/ingest.js";
import { picoToUsd } from "../src/money.js";
import { createPriceBook } from "../src/pricing.js";
import { createMemoryUsageStore } from "../src/store.js";
import type { WeekDay } from "../src/weeks.js";
import { runCcusage, runCcusageJson } from "./ccusage.js";
import { assistantLine, lines } from "./lines.js";

// msg_sub2 of the sample: Haiku 4.5, input 15, output 620, cache read 2,100 = $0.000015 + $0.0031 + $0.00021.
const SUB2 = { input: 15, output: 620, cacheRead: 2100, usd: 0.003325 };
const counts = (t: TokenTotals) => [t.input, t.output, t.cacheWrite5m + t.cacheWrite1h, t.cacheRead];

const sample = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "sample");
const book = createPriceBook();

function records(configDir: string) {
  const store = createMemoryUsageStore();
  const projectDirs = claudeProjectDirs({ CLAUDE_CONFIG_DIR: configDir }, "/nonexistent");
  ingestTranscripts({ source: createFsTranscriptSource({ projectDirs }), store });
  return store.usage();
}

function corpus(...ls: string[]) {
  const dir = mkdtempSync(join(tmpdir(), "vx-parity-blocks-"));
  const file = join(dir, "projects", "-home-dev-x", "s1.jsonl");
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, lines(...ls));
  return dir;
}

interface CcRow {
  week: string;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  totalCost: number;
}

interface CcBlock {
  id: string;
  startTime: string;
  endTime: string;
  actualEndTime: string | null;
  isActive: boolean;
  isGap: boolean;
  entries: number;
  tokenCounts: {
    inputTokens: number;
    outputTokens: number;
    cacheCreationInputTokens: number;
    cacheReadInputTokens: number;
  };
  totalTokens: number;
  costUSD: number;
  burnRate: { tokensPerMinute: number; tokensPerMinuteForIndicator: number; costPerHour: number } | null;
  projection: { totalTokens: number; totalCost: number; remainingMinutes: number } | null;
}

function weekly(configDir: string, startOfWeek: WeekDay, timezone: string) {
  const mine = summarizeUsage(records(configDir), { groupBy: "week", book, timezone, startOfWeek });
  const cc = runCcusageJson(["weekly", "--start-of-week", startOfWeek, "--timezone", timezone], configDir)
    .weekly as CcRow[];
  return { mine, cc };
}

const blockShape = (b: UsageBlock) => ({
  id: b.id,
  startTime: b.start,
  endTime: b.end,
  actualEndTime: b.lastActivity,
  isActive: b.isActive,
  isGap: b.isGap,
  entries: b.requests,
  tokenCounts: {
    inputTokens: b.tokens.input,
    outputTokens: b.tokens.output,
    cacheCreationInputTokens: b.tokens.cacheWrite5m + b.tokens.cacheWrite1h,
    cacheReadInputTokens: b.tokens.cacheRead,
  },
  totalTokens: b.tokens.total,
});
const ccShape = (b: CcBlock) => ({
  id: b.id,
  startTime: b.startTime,
  endTime: b.endTime,
  actualEndTime: b.actualEndTime,
  isActive: b.isActive,
  isGap: b.isGap,
  entries: b.entries,
  tokenCounts: b.tokenCounts,
  totalTokens: b.totalTokens,
});

function ccBlocks(configDir: string, ...args: string[]): CcBlock[] {
  return runCcusageJson(["blocks", ...args], configDir).blocks as CcBlock[];
}

describe("weekly: parity with ccusage 20.0.24", () => {
  it("has the same weeks as ccusage on the sample and its daily report's tokens, weeks starting sunday (its default) or monday", () => {
    const daily = runCcusage("daily", sample).totals;
    for (const start of ["sunday", "monday"] as const) {
      const { mine, cc } = weekly(sample, start, "UTC");
      expect(mine.groups.map((g) => g.key)).toEqual(cc.map((r) => r.week));
      expect(mine.groups).toHaveLength(1);
      const g = mine.groups[0] as CostGroup;
      const r = cc[0] as CcRow;
      expect(counts(g.tokens)).toEqual([
        daily.inputTokens,
        daily.outputTokens,
        daily.cacheCreationTokens,
        daily.cacheReadTokens,
      ]);
      // ccusage's weekly, like its monthly, misses msg_sub2, a subagent message that exists only in a parent's
      // progress line; its daily report counts it, and so do we.
      expect(counts(g.tokens)).toEqual([
        r.inputTokens + SUB2.input,
        r.outputTokens + SUB2.output,
        r.cacheCreationTokens,
        r.cacheReadTokens + SUB2.cacheRead,
      ]);
      expect(Math.abs(picoToUsd(g.costPico) - r.totalCost - SUB2.usd)).toBeLessThan(1e-9);
    }
  });

  it("puts requests either side of a week's first midnight in the same weeks as ccusage, per time zone and start day", () => {
    // 2026-11-22 is a Sunday. 23:30 UTC on Saturday the 21st is already Sunday in Tokyo and still Saturday in New York.
    const dir = corpus(
      assistantLine({ id: "a", output: 100, ts: "2026-11-21T23:30:00.000Z" }),
      assistantLine({ id: "b", output: 200, ts: "2026-11-22T04:30:00.000Z" }),
      assistantLine({ id: "c", output: 400, ts: "2026-11-23T02:00:00.000Z" }),
      assistantLine({ id: "d", output: 800, ts: "2026-11-29T12:00:00.000Z" }),
    );
    for (const [start, tz] of [
      ["sunday", "Asia/Tokyo"],
      ["sunday", "America/New_York"],
      ["monday", "America/New_York"],
      ["saturday", "UTC"],
    ] as const) {
      const { mine, cc } = weekly(dir, start, tz);
      expect(mine.groups.map((g) => [g.key, g.tokens.output])).toEqual(
        cc.map((r) => [r.week, r.outputTokens]),
      );
    }
  });
});

describe("blocks: parity with ccusage 20.0.24", () => {
  it("has the same blocks and gaps on the sample: starts, ends, last activity, requests, tokens, costs", () => {
    const mine = usageBlocks(records(sample), { book, now: Date.now() });
    const cc = ccBlocks(sample);
    expect(mine.filter((b) => b.isGap)).toHaveLength(3);
    // As in its weekly report, ccusage's blocks miss msg_sub2 (09:01:20 on the 18th, in the first block).
    const withSub2 = cc.map((b) =>
      b.id === "2026-11-18T09:00:00.000Z"
        ? {
            ...b,
            entries: b.entries + 1,
            tokenCounts: {
              ...b.tokenCounts,
              inputTokens: b.tokenCounts.inputTokens + SUB2.input,
              outputTokens: b.tokenCounts.outputTokens + SUB2.output,
              cacheReadInputTokens: b.tokenCounts.cacheReadInputTokens + SUB2.cacheRead,
            },
            totalTokens: b.totalTokens + SUB2.input + SUB2.output + SUB2.cacheRead,
            costUSD: b.costUSD + SUB2.usd,
          }
        : b,
    );
    expect(mine.map(blockShape)).toEqual(withSub2.map(ccShape));
    for (const [i, b] of mine.entries())
      expect(Math.abs(picoToUsd(b.costPico) - (withSub2[i] as CcBlock).costUSD)).toBeLessThan(1e-9);
  });

  it("agrees on the edges: a request exactly 5 h after the block's start, exactly 5 h after the last one, and just past", () => {
    const dir = corpus(
      // Block 1 starts 09:00. 14:00:00 is exactly start + 5 h: still inside (ccusage compares with >).
      assistantLine({ id: "e1", output: 1, ts: "2026-11-20T09:10:00.000Z" }),
      assistantLine({ id: "e2", output: 2, ts: "2026-11-20T14:00:00.000Z" }),
      // 14:00:00.001 is past the block: a new block from 14:00, no gap (the last request was a moment ago).
      assistantLine({ id: "e3", output: 4, ts: "2026-11-20T14:00:00.001Z" }),
      // Exactly 5 h after the last request: no gap, but past the block (which began 14:00): a new block at 19:00.
      assistantLine({ id: "e4", output: 8, ts: "2026-11-20T19:00:00.001Z" }),
      // 5 h and 1 s after the last request: a gap from last + 5 h to this request, then a block from 00:00.
      assistantLine({ id: "e5", output: 16, ts: "2026-11-21T00:00:01.002Z" }),
    );
    const mine = usageBlocks(records(dir), { book, now: Date.now() });
    expect(mine.map(blockShape)).toEqual(ccBlocks(dir).map(ccShape));
    expect(mine.map((b) => [b.id, b.tokens.output])).toEqual([
      ["2026-11-20T09:00:00.000Z", 3],
      ["2026-11-20T14:00:00.000Z", 4],
      ["2026-11-20T19:00:00.000Z", 8],
      // The gap starts a millisecond after the next block's start (its request floored to the hour): listed after it.
      ["2026-11-21T00:00:00.000Z", 16],
      ["gap-2026-11-21T00:00:00.001Z", 0],
    ]);
  });

  it("filters by the block's start day in the time zone, as ccusage does (a 30-minute offset zone)", () => {
    const dir = corpus(
      // 18:40 UTC on the 20th floors to 18:00 UTC = 23:30 in Kolkata (the 20th); 19:10 UTC is 00:40 on the 21st there.
      assistantLine({ id: "k1", output: 1, ts: "2026-11-20T18:40:00.000Z" }),
      assistantLine({ id: "k2", output: 2, ts: "2026-11-21T10:10:00.000Z" }),
    );
    const all = usageBlocks(records(dir), { book, now: Date.now() });
    for (const [since, until] of [
      ["2026-11-21", "2026-11-21"],
      ["2026-11-20", "2026-11-20"],
    ] as const) {
      const mine = blocksBetween(all, { since, until, timezone: "Asia/Kolkata" });
      const cc = ccBlocks(
        dir,
        "--since",
        since.replace(/-/g, ""),
        "--until",
        until.replace(/-/g, ""),
        "--timezone",
        "Asia/Kolkata",
      );
      expect(mine.map(blockShape)).toEqual(cc.map(ccShape));
    }
  });

  it("marks the same block active, with the same burn rate and a projection bracketed by the clock either side of ccusage's run", () => {
    const t = Date.now();
    const at = (minutesAgo: number) => new Date(t - minutesAgo * 60_000).toISOString();
    const dir = corpus(
      assistantLine({ id: "old", output: 50, input: 10, ts: at(60 * 30) }),
      assistantLine({
        id: "a1",
        model: "claude-sonnet-4-5-20250929",
        input: 1000,
        output: 3000,
        read: 20_000,
        ts: at(95),
      }),
      assistantLine({
        id: "a2",
        model: "claude-opus-4-5-20251101",
        input: 500,
        output: 1200,
        write5m: 4000,
        ts: at(40),
      }),
      assistantLine({ id: "a3", model: "claude-haiku-4-5-20251001", input: 300, output: 700, ts: at(5) }),
    );
    const recs = records(dir);
    const before = Date.now();
    const cc = ccBlocks(dir);
    const after = Date.now();
    const mine = usageBlocks(recs, { book, now: before });
    expect(mine.map(blockShape)).toEqual(cc.map(ccShape));
    const active = mine.at(-1) as UsageBlock;
    const ccActive = cc.at(-1) as CcBlock;
    expect(active.isActive).toBe(true);
    const rate = blockBurnRate(active);
    expect(rate?.tokensPerMinute).toBeCloseTo(ccActive.burnRate?.tokensPerMinute ?? Number.NaN, 9);
    expect(rate?.tokensPerMinuteForIndicator).toBeCloseTo(
      ccActive.burnRate?.tokensPerMinuteForIndicator ?? Number.NaN,
      9,
    );
    expect(
      Math.abs(picoToUsd(rate?.costPicoPerHour ?? 0n) - (ccActive.burnRate?.costPerHour ?? 0)),
    ).toBeLessThan(1e-9);
    const early = projectBlock(active, before);
    const late = projectBlock(usageBlocks(recs, { book, now: after }).at(-1) as UsageBlock, after);
    const ccp = ccActive.projection;
    expect(ccp).not.toBeNull();
    expect(ccp?.remainingMinutes).toBeLessThanOrEqual(early?.remainingMinutes ?? -1);
    expect(ccp?.remainingMinutes).toBeGreaterThanOrEqual(late?.remainingMinutes ?? Number.POSITIVE_INFINITY);
    const same = [early, late].find((p) => p?.remainingMinutes === ccp?.remainingMinutes);
    expect(same?.totalTokens).toBe(ccp?.totalTokens);
    // ccusage rounds the projected cost to the cent.
    expect(Math.abs(picoToUsd(same?.costPico ?? 0n) - (ccp?.totalCost ?? 0))).toBeLessThanOrEqual(
      0.005 + 1e-9,
    );
  });
});
