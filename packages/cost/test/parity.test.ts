// Our totals against ccusage@20.0.24 (native binary), the reference users compare us with, on the same files.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { summarizeUsage } from "../src/aggregate.js";
import { claudeProjectDirs, createFsTranscriptSource } from "../src/fs-source.js";
import { ingestTranscripts } from "../src/ingest.js";
import { picoToUsd } from "../src/money.js";
import { createPriceBook } from "../src/pricing.js";
import { createMemoryUsageStore } from "../src/store.js";
import { runCcusage } from "./ccusage.js";
import { assistantLine, lines } from "./lines.js";

const sample = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "sample");

function ours(configDir: string, groupBy: "day" | "month") {
  const store = createMemoryUsageStore();
  const projectDirs = claudeProjectDirs({ CLAUDE_CONFIG_DIR: configDir }, "/nonexistent");
  const ingest = ingestTranscripts({ source: createFsTranscriptSource({ projectDirs }), store });
  return {
    ingest,
    report: summarizeUsage(store.usage(), { groupBy, book: createPriceBook(), timezone: "UTC" }),
  };
}

const tokens = (t: {
  input: number;
  output: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  cacheRead: number;
}) => ({
  inputTokens: t.input,
  outputTokens: t.output,
  cacheCreationTokens: t.cacheWrite5m + t.cacheWrite1h,
  cacheReadTokens: t.cacheRead,
});
const theirs = (r: {
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
}) => ({
  inputTokens: r.inputTokens,
  outputTokens: r.outputTokens,
  cacheCreationTokens: r.cacheCreationTokens,
  cacheReadTokens: r.cacheReadTokens,
});

describe("parity with ccusage 20.0.24 on the bundled sample", () => {
  // The sample holds streamed messages on several lines, a resumed session repeating earlier messages, subagent
  // messages both in progress lines and subagent files, 5m and 1h cache writes, seven models and two bad lines.
  const mine = ours(sample, "day");
  const cc = runCcusage("daily", sample);

  it("reads the sample as intended (guards the fixture itself)", () => {
    expect(mine.ingest.malformedLines).toBe(2);
    expect(mine.report.totals.requests).toBe(18);
    expect(mine.report.unpricedModels).toEqual([]);
  });

  it("has the same days and exactly the same tokens of every kind per day", () => {
    expect(mine.report.groups.map((g) => g.key)).toEqual(cc.rows.map((r) => r.date));
    for (const [i, g] of mine.report.groups.entries())
      expect(tokens(g.tokens)).toEqual(theirs(cc.rows[i] as never));
    expect(tokens(mine.report.totals.tokens)).toEqual(theirs(cc.totals));
  });

  it("costs each day within $0.01 of ccusage (and within a millionth of a dollar here)", () => {
    for (const [i, g] of mine.report.groups.entries()) {
      const diff = Math.abs(picoToUsd(g.costPico) - (cc.rows[i]?.totalCost ?? Number.NaN));
      expect(diff).toBeLessThan(0.01);
      expect(diff).toBeLessThan(1e-6);
    }
  });

  it("agrees with ccusage's daily totals on monthly totals; ccusage's own monthly report drops progress-only messages", () => {
    const m = ours(sample, "month").report;
    const ccm = runCcusage("monthly", sample);
    expect(m.groups.map((g) => [g.key, tokens(g.tokens)])).toEqual([["2026-11", theirs(cc.totals)]]);
    // Evidence: ccusage 20.0.24 `monthly` (and `session`) miss msg_sub2, a subagent message that exists only in a
    // parent's progress line (input 15, output 620, cache read 2,100), although its `daily` counts it.
    expect(theirs(ccm.totals)).toEqual({
      inputTokens: cc.totals.inputTokens - 15,
      outputTokens: cc.totals.outputTokens - 620,
      cacheCreationTokens: cc.totals.cacheCreationTokens,
      cacheReadTokens: cc.totals.cacheReadTokens - 2100,
    });
  });
});

describe("where ccusage 20.0.24 is wrong, shown on numbers", () => {
  function corpus(...ls: string[]) {
    const dir = mkdtempSync(join(tmpdir(), "vx-parity-"));
    const file = join(dir, "projects", "-home-dev-x", "s1.jsonl");
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, lines(...ls));
    return dir;
  }

  it("prices Opus 5.5, Sonnet 5.5 and Haiku 5.5 (ccusage's price snapshot predates them and says $0)", () => {
    const dir = corpus(
      assistantLine({ id: "m1", model: "claude-opus-5-5", input: 1_000_000, output: 100_000 }),
      assistantLine({
        id: "m2",
        model: "claude-sonnet-5-5",
        output: 1_000_000,
        ts: "2026-11-21T10:00:00.000Z",
      }),
      assistantLine({
        id: "m3",
        model: "claude-haiku-5-5",
        output: 1_000_000,
        ts: "2026-11-22T10:00:00.000Z",
      }),
    );
    const cc = runCcusage("daily", dir);
    const mine = ours(dir, "day").report;
    expect(cc.rows.map((r) => r.totalCost)).toEqual([0, 0, 0]);
    // Opus 5.5: $4 input + $20 output per million; Sonnet 5.5: $10 output; Haiku 5.5: $0.50 output.
    expect(mine.groups.map((g) => picoToUsd(g.costPico))).toEqual([6, 10, 0.5]);
    expect(tokens(mine.totals.tokens)).toEqual(theirs(cc.totals));
  });

  it("charges the whole request at the long-context rate above 200k (ccusage charges only the tokens past 200k)", () => {
    const dir = corpus(
      assistantLine({ id: "m1", model: "claude-sonnet-4-5-20250929", input: 250_000, output: 10_000 }),
    );
    const cc = runCcusage("daily", dir);
    const mine = ours(dir, "day").report;
    // Anthropic: 250k × $6 + 10k × $22.50 per million = $1.725.
    expect(picoToUsd(mine.totals.costPico)).toBe(1.725);
    // ccusage: 200k × $3 + 50k × $6 + 10k × $15 per million = $1.05.
    expect(cc.totals.totalCost).toBeCloseTo(1.05, 9);
  });
});
