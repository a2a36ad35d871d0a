import { describe, expect, it } from "vitest";
import { validateOptimization } from "./validate.js";

describe("validateOptimization", () => {
  it("says for each bad switch its path, what is expected and what was found", () => {
    const result = validateOptimization({
      coordination: { streaming_pipeline: "yes" },
      monitoring: { weekly_reports: 1, typo_key: true },
      latency: { hook_daemon: null, cache_ttl_hours: { code_review: 24 }, cacheable_tools: ["TodoWrite"] },
    });
    expect(result.errors).toEqual([
      'optimization.coordination.streaming_pipeline: expected true or false, got "yes"',
      "optimization.monitoring.weekly_reports: expected true or false, got 1",
      "optimization.latency.hook_daemon: expected true or false, got null",
    ]);
    expect(result.warnings).toEqual(["optimization.monitoring.typo_key: unknown setting, ignored"]);
  });

  it("runs each library's own section through its parser, one line per problem", () => {
    const result = validateOptimization({
      cost: { monthly_budget_usd: -5, alert_threshold_pct: 500 },
      quality: { risk_preference: "max" },
      latency: { cache_ttl_hours: { code_review: 0 } },
    });
    expect(result.errors).toHaveLength(4);
    expect(result.errors.every((line) => /^optimization\.\w+\.[\w.]+: expected /.test(line))).toBe(true);
  });

  it("reports a block that is not an object, and unknown sections as warnings", () => {
    expect(validateOptimization([]).errors).toEqual([
      'optimization: expected an object such as { "cost": { "monthly_budget_usd": 500 } }, got an array',
    ]);
    expect(validateOptimization({ costs: {} }).warnings[0]).toMatch(/^optimization\.costs: unknown section/);
  });
});
