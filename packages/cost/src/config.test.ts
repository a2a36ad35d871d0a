import { describe, expect, it } from "vitest";
import { DEFAULT_COST_CONFIG, parseCostConfig } from "./config.js";
import { VextrusCostError } from "./errors.js";

describe("parseCostConfig", () => {
  it("fills the documented defaults, the same as DEFAULT_COST_CONFIG", () => {
    expect(parseCostConfig(undefined).config).toEqual({
      enabled: true,
      auto_model_selection: true,
      monthly_budget_usd: 500,
      alert_threshold_pct: 80,
      hard_budget_stop: false,
      prices: {},
    });
    expect(parseCostConfig({}).config).toEqual(DEFAULT_COST_CONFIG);
  });

  it("names the path and what is expected", () => {
    expect(() => parseCostConfig({ monthly_budget_usd: -5 })).toThrow(
      "optimization.cost.monthly_budget_usd: expected a positive number",
    );
    expect(() => parseCostConfig({ monthly_budget_usd: "500" })).toThrow(
      "optimization.cost.monthly_budget_usd: expected a positive number",
    );
    expect(() => parseCostConfig({ alert_threshold_pct: 120 })).toThrow(
      "optimization.cost.alert_threshold_pct: expected a percentage between 1 and 100",
    );
    expect(() => parseCostConfig({ hard_budget_stop: "yes" })).toThrow(
      "optimization.cost.hard_budget_stop: expected true or false",
    );
    expect(() => parseCostConfig({ prices: { "claude-x": { input: -1, output: 1 } } })).toThrow(
      /optimization\.cost\.prices\.claude-x\.input: expected a non-negative price/,
    );
  });

  it("throws a typed error with a stable code", () => {
    try {
      parseCostConfig({ enabled: "yes" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(VextrusCostError);
      expect((error as VextrusCostError).code).toBe("CONFIG_INVALID");
    }
  });

  it("reports unknown keys as warnings, not errors", () => {
    const { config, warnings } = parseCostConfig({ monthly_budget: 100, monthly_budget_usd: 100 });
    expect(config.monthly_budget_usd).toBe(100);
    expect(warnings).toEqual(["optimization.cost.monthly_budget: unknown setting, ignored"]);
  });
});
