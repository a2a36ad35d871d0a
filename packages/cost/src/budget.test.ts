import { describe, expect, it } from "vitest";
import { budgetStatus } from "./budget.js";
import { createPriceBook } from "./pricing.js";
import type { UsageRecord } from "./records.js";

const book = createPriceBook();
const now = new Date("2026-11-10T12:00:00.000Z"); // 9.5 days into a 30-day month

function spend(usd: number, over: Partial<UsageRecord> = {}): UsageRecord {
  // Sonnet 4.5 output is $15 per million tokens.
  return {
    key: `k${Math.random()}`,
    timestamp: "2026-11-05T10:00:00.000Z",
    sessionId: "s",
    project: "p",
    model: "claude-sonnet-4-5-20250929",
    agentId: null,
    sidechain: false,
    input: 0,
    output: Math.round((usd / 15) * 1_000_000),
    cacheWrite5m: 0,
    cacheWrite1h: 0,
    cacheRead: 0,
    ...over,
  };
}

const base = { book, monthlyBudgetUsd: 300, alertThresholdPct: 80, now, timezone: "UTC" };

describe("budgetStatus", () => {
  it("sums this month only and projects the pace to month end", () => {
    const tenDays = new Date("2026-11-11T00:00:00.000Z");
    const s = budgetStatus([spend(90), spend(1050, { timestamp: "2026-10-31T23:00:00.000Z" })], {
      ...base,
      now: tenDays,
    });
    expect(s.month).toBe("2026-11");
    expect(s.spentPico).toBe(90_000_000_000_000n);
    expect(s.daysElapsed).toBe(10);
    expect(s.projectedPico).toBe(270_000_000_000_000n); // $90 in 10 days, 30 days
    expect(s.remainingPico).toBe(210_000_000_000_000n);
    expect(s.dailyAllowancePico).toBe(10_500_000_000_000n); // $210 over 20 days
    expect(s.alerts).toEqual([]);
  });

  it("warns when the pace goes over budget", () => {
    const s = budgetStatus([spend(96)], base);
    expect(s.alerts.map((a) => a.code)).toEqual(["PROJECTED_OVER"]);
    expect(s.alerts[0]?.message).toMatch(/On pace for \$303\.16 this month \(101% of \$300\.00\)/);
  });

  it("alerts exactly at the threshold and at 100%", () => {
    expect(budgetStatus([spend(239.99)], base).alerts.map((a) => a.code)).toEqual(["PROJECTED_OVER"]);
    expect(budgetStatus([spend(240)], base).alerts.map((a) => [a.level, a.code])).toEqual([
      ["warning", "THRESHOLD_REACHED"],
      ["warning", "PROJECTED_OVER"],
    ]);
    const over = budgetStatus([spend(300)], base);
    expect(over.alerts.map((a) => [a.level, a.code])).toEqual([["critical", "BUDGET_EXCEEDED"]]);
    expect(over.alerts[0]?.message).toBe("Monthly budget exceeded: $300.00 of $300.00 (100.0%)");
  });

  it("recommends Haiku for a subagent type that uses a large share of the budget, with the saving from the data", () => {
    const types = new Map([
      ["a1", "backend-development"],
      ["a2", "code-reviewer"],
    ]);
    const s = budgetStatus(
      [
        spend(90, { agentId: "a1", sidechain: true }),
        spend(30, { agentId: "a2", sidechain: true }),
        spend(100),
      ],
      { ...base, agentTypes: types },
    );
    expect(s.recommendations).toEqual([
      {
        agent: "backend-development",
        budgetSharePct: 30,
        cheaperModel: "haiku-4-5",
        potentialSavingPico: 60_000_000_000_000n, // $90 of Sonnet output is $30 on Haiku 4.5
        message:
          "backend-development agents use 30% of budget: consider Haiku for simpler tasks (up to $60.00 this month if all of it ran on haiku-4-5)",
      },
    ]);
  });

  it("does not recommend Haiku to agents already on it", () => {
    const types = new Map([["a1", "explorer"]]);
    const s = budgetStatus([spend(90, { agentId: "a1", model: "claude-haiku-4-5" })], {
      ...base,
      agentTypes: types,
    });
    expect(s.recommendations).toEqual([]);
  });

  it("uses the month of the report's time zone", () => {
    const early = new Date("2026-12-01T03:00:00.000Z"); // still November in New York
    const s = budgetStatus([spend(15, { timestamp: "2026-11-30T20:00:00.000Z" })], {
      ...base,
      now: early,
      timezone: "America/New_York",
    });
    expect(s.month).toBe("2026-11");
    expect(s.spentPico).toBe(15_000_000_000_000n);
  });
});
