import { createPriceBook } from "@vextrus/cost";
import { describe, expect, it } from "vitest";
import { invocation, NOW, seedGates, seedInvocations } from "../test/seed.js";
import { toInvocationRecord } from "./records.js";
import { summarizeAgents } from "./summary.js";
import { metricsWindow } from "./window.js";

describe("summarizeAgents on a hand-made history", () => {
  const records = [
    invocation({
      id: "r1",
      agentType: "rev",
      timestamp: "2026-11-30T01:00:00.000Z",
      durationMs: 1000,
      costPico: 100n,
      tokens: { input: 10, output: 5, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 },
    }),
    invocation({
      id: "r2",
      agentType: "rev",
      timestamp: "2026-11-29T01:00:00.000Z",
      success: false,
      failureMode: "timeout",
      durationMs: 3000,
      costPico: 300n,
      cacheHit: true,
      start: "cached",
      tokens: { input: 1, output: 2, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 400 },
    }),
    invocation({
      id: "r3",
      agentType: "rev",
      timestamp: "2026-11-10T08:00:00.000Z",
      userCorrection: true,
      durationMs: 2000,
      costPico: 200n,
    }),
    // One millisecond before the 30-day window opens.
    invocation({ id: "r4", agentType: "rev", timestamp: "2026-10-31T23:59:59.999Z", costPico: 9999n }),
    invocation({
      id: "d1",
      agentType: "doc",
      timestamp: "2026-11-15T12:00:00.000Z",
      durationMs: 5000,
      costPico: 50n,
    }),
  ];
  const gates = [
    { gate: "lint", status: "passed" as const, durationMs: 100, timestamp: "2026-11-20T00:00:00.000Z" },
    { gate: "lint", status: "failed" as const, durationMs: 300, timestamp: "2026-11-20T00:00:00.000Z" },
    { gate: "lint", status: "skipped" as const, durationMs: 5, timestamp: "2026-11-20T00:00:00.000Z" },
    { gate: "lint", status: "cancelled" as const, durationMs: 7, timestamp: "2026-11-20T00:00:00.000Z" },
    { gate: "test", status: "skipped" as const, durationMs: 1, timestamp: "2026-11-20T00:00:00.000Z" },
  ];
  const summary = summarizeAgents({ invocations: records, gates }, { now: NOW });

  it("covers the 30 UTC days ending today", () => {
    expect(summary.from).toBe("2026-11-01T00:00:00.000Z");
    expect(summary.to).toBe("2026-12-01T00:00:00.000Z");
  });

  it("covers a given range of past days instead, on the SQLite-free path too", () => {
    const october = summarizeAgents(
      { invocations: records, gates },
      { now: NOW, range: { since: "2026-10-01", until: "2026-10-31" } },
    );
    expect([october.from, october.to, october.days]).toEqual([
      "2026-10-01T00:00:00.000Z",
      "2026-11-01T00:00:00.000Z",
      31,
    ]);
    expect(october.totals.invocations).toBe(1);
    expect(october.totals.costPico).toBe(9999n);
    expect(october.agents[0]?.daily).toHaveLength(31);
    expect(october.gates).toEqual([]);
    expect(() =>
      summarizeAgents(records, { now: NOW, range: { since: "2026-11-02", until: "2026-11-01" } }),
    ).toThrow("since 2026-11-02 is after until 2026-11-01");
  });

  it("sums each agent's runs, rates, tokens, cost and wasted cost", () => {
    const rev = summary.agents.find((a) => a.agentType === "rev");
    expect(rev).toMatchObject({
      invocations: 3,
      successes: 2,
      successRate: 2 / 3,
      correctionRate: 1 / 3,
      avgDurationMs: 2000,
      costPico: 600n,
      cacheHitRate: 1 / 3,
      wastedCostPico: 500n, // r2 failed (300) + r3 corrected (200)
      tokens: { input: 11, output: 7, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 400 },
      bucket: "below-85",
      failureModes: [{ failureMode: "timeout", count: 1 }],
    });
    expect(rev?.daily).toHaveLength(30);
    expect(rev?.daily[0]).toEqual({
      day: "2026-11-01",
      invocations: 0,
      successes: 0,
      successRate: null,
      costPico: 0n,
    });
    expect(rev?.daily[28]).toEqual({
      day: "2026-11-29",
      invocations: 1,
      successes: 0,
      successRate: 0,
      costPico: 300n,
    });
    expect(summary.agents.map((a) => a.agentType)).toEqual(["rev", "doc"]);
    expect(summary.buckets).toEqual({ "above-95": ["doc"], "90-95": [], "85-90": [], "below-85": ["rev"] });
  });

  it("splits latency into cold and cached starts with nearest-rank percentiles", () => {
    // Cold durations 1000, 2000, 5000: p50 is the 2nd (ceil 1.5), p95 the 3rd (ceil 2.85).
    expect(summary.latency.cold).toEqual({ count: 3, avgMs: 8000 / 3, p50Ms: 2000, p95Ms: 5000 });
    expect(summary.latency.cached).toEqual({ count: 1, avgMs: 3000, p50Ms: 3000, p95Ms: 3000 });
    expect(summary.totals).toMatchObject({
      invocations: 4,
      cacheHits: 1,
      cacheHitRate: 0.25,
      costPico: 650n,
    });
  });

  it("rates gates on their verdicts only: cancelled and skipped runs have none", () => {
    expect(summary.gates).toEqual([
      {
        gate: "lint",
        runs: 4,
        passed: 1,
        failed: 1,
        timedOut: 0,
        cancelled: 1,
        skipped: 1,
        passRate: 0.5,
        avgDurationMs: 200,
      },
      {
        gate: "test",
        runs: 1,
        passed: 0,
        failed: 0,
        timedOut: 0,
        cancelled: 0,
        skipped: 1,
        passRate: null,
        avgDurationMs: null,
      },
    ]);
  });
});

describe("summarizeAgents on a seeded history", () => {
  const records = seedInvocations();
  const summary = summarizeAgents({ invocations: records, gates: seedGates() }, { now: NOW });
  const inWindow = records.filter((r) => r.timestamp >= "2026-11-01" && r.timestamp < "2026-12-01");

  it("counts what a plain filter counts", () => {
    expect(records.length).toBeGreaterThan(700);
    expect(summary.totals.invocations).toBe(inWindow.length);
    for (const agent of ["code-reviewer", "test-writer", "explorer", "refactorer"]) {
      const mine = inWindow.filter((r) => r.agentType === agent);
      const a = summary.agents.find((x) => x.agentType === agent);
      expect(a?.invocations).toBe(mine.length);
      expect(a?.successes).toBe(mine.filter((r) => r.success).length);
      let cost = 0n;
      for (const r of mine) cost += r.costPico;
      expect(a?.costPico).toBe(cost);
    }
  });

  it("puts the agents in the buckets their seeded success rates suggest", () => {
    expect(summary.buckets["below-85"]).toContain("refactorer");
    expect(summary.buckets["above-95"]).toContain("code-reviewer");
  });

  it("finds the most common failure mode first", () => {
    const refactorer = summary.agents.find((a) => a.agentType === "refactorer");
    const counts = new Map<string, number>();
    for (const r of inWindow)
      if (r.agentType === "refactorer" && r.failureMode)
        counts.set(r.failureMode, (counts.get(r.failureMode) ?? 0) + 1);
    const top = Math.max(...counts.values());
    expect(refactorer?.failureModes[0]?.count).toBe(top);
    expect(refactorer?.failureModes.length).toBeLessThanOrEqual(3);
  });
});

describe("the trend within summarizeAgents", () => {
  const at = (id: string, timestamp: string, success: boolean) => invocation({ id, timestamp, success });
  it("counts the first millisecond of the 7th-last day as recent, the one before as baseline", () => {
    const recent = Array.from({ length: 10 }, (_, i) => at(`r${i}`, "2026-11-24T00:00:00.000Z", true));
    const baseline = Array.from({ length: 10 }, (_, i) => at(`b${i}`, "2026-11-23T23:59:59.999Z", i < 5));
    const trend = summarizeAgents(recent.concat(baseline), { now: NOW }).agents[0]?.trend;
    expect(trend).toMatchObject({
      direction: "improving",
      recent: { invocations: 10, successes: 10 },
      baseline: { invocations: 10, successes: 5 },
      deltaPoints: 50,
    });
    const fewer = summarizeAgents(recent.concat(baseline.slice(1)), { now: NOW }).agents[0]?.trend;
    expect(fewer?.direction).toBe("insufficient-data");
  });
});

describe("windows and records", () => {
  it("rejects a window that is not a whole number of days", () => {
    expect(() => metricsWindow(NOW, 0)).toThrow(expect.objectContaining({ code: "OPTIONS_INVALID" }));
    expect(() => metricsWindow(NOW, 1.5)).toThrow(/days/);
    expect(metricsWindow(NOW, 1)).toEqual({
      from: "2026-11-30T00:00:00.000Z",
      to: "2026-12-01T00:00:00.000Z",
      dayKeys: ["2026-11-30"],
    });
  });

  it("prices an invocation reported without a cost, and names an unpriced model", () => {
    const book = createPriceBook();
    const base = {
      ...invocation({ id: "p" }),
      costPico: undefined,
      timestamp: new Date("2026-11-30T10:00:00Z"),
    };
    const tokens = { input: 1000, output: 100, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 };
    // Sonnet 4.5: $3 and $15 per million tokens → 1000 × 3,000,000 + 100 × 15,000,000 pico.
    const priced = toInvocationRecord({ ...base, model: "claude-sonnet-4-5-20250929", tokens }, book);
    expect(priced.costPico).toBe(4_500_000_000n);
    expect(priced.timestamp).toBe("2026-11-30T10:00:00.000Z");
    expect(toInvocationRecord({ ...base, costPico: 7n }, book).costPico).toBe(7n);
    expect(() => toInvocationRecord({ ...base, model: "gpt-9" }, book)).toThrow(
      expect.objectContaining({ code: "MODEL_UNPRICED" }),
    );
  });
});
