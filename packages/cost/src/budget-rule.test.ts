import { describe, expect, it } from "vitest";
import { budgetStatus } from "./budget.js";
import { isBudgetExceeded } from "./budget-rule.js";
import { usdToPico } from "./money.js";
import { createPriceBook } from "./pricing.js";
import type { UsageRecord } from "./records.js";

const usd = (n: number) => usdToPico(n, "test");

describe("isBudgetExceeded", () => {
  it("is true from the moment spend reaches the budget, not a pico-dollar before", () => {
    expect(isBudgetExceeded({ spentPico: usd(500) - 1n, budgetPico: usd(500) })).toBe(false);
    expect(isBudgetExceeded({ spentPico: usd(500), budgetPico: usd(500) })).toBe(true);
    expect(isBudgetExceeded({ spentPico: usd(900), budgetPico: usd(500) })).toBe(true);
  });

  it("never holds for a budget of 0", () => {
    expect(isBudgetExceeded({ spentPico: usd(1), budgetPico: 0n })).toBe(false);
  });

  it("is the rule budgetStatus raises BUDGET_EXCEEDED by", () => {
    const book = createPriceBook();
    const now = new Date("2026-11-10T12:00:00.000Z");
    // Sonnet 4.5 output is $15 per million tokens: 20M tokens are exactly the $300 budget.
    const spend = (output: number): UsageRecord => ({
      key: `k${output}`,
      timestamp: "2026-11-05T10:00:00.000Z",
      sessionId: "s",
      project: "p",
      model: "claude-sonnet-4-5-20250929",
      agentId: null,
      sidechain: false,
      input: 0,
      output,
      cacheWrite5m: 0,
      cacheWrite1h: 0,
      cacheRead: 0,
    });
    for (const output of [19_999_999, 20_000_000, 20_000_001]) {
      const status = budgetStatus([spend(output)], {
        book,
        monthlyBudgetUsd: 300,
        alertThresholdPct: 80,
        now,
        timezone: "UTC",
      });
      const alerted = status.alerts.some((a) => a.code === "BUDGET_EXCEEDED");
      expect(alerted).toBe(isBudgetExceeded(status));
      expect(alerted).toBe(output >= 20_000_000);
    }
  });
});
