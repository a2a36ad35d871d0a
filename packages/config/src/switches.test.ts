import { describe, expect, it } from "vitest";
import { FLAG_DEFAULTS, onlyFlags, readFlag } from "./switches.js";

describe("readFlag", () => {
  it("reads a switch, falls back to its default when unset, and names a wrong value", () => {
    const problems: string[] = [];
    const block = { cost: { enabled: false, auto_model_selection: "no" }, latency: "off" };
    expect(readFlag(block, "cost", "enabled")).toBe(false);
    expect(readFlag(block, "cost", "hard_budget_stop")).toBe(FLAG_DEFAULTS.cost.hard_budget_stop);
    expect(readFlag(block, "cost", "auto_model_selection", (p) => problems.push(p))).toBe(true);
    expect(readFlag(block, "latency", "hook_daemon")).toBe(false);
    expect(problems).toEqual(['optimization.cost.auto_model_selection: expected true or false, got "no"']);
  });

  it("tells a block of switches alone (no parser needed) from one with settings", () => {
    expect(onlyFlags("cost", { enabled: true, hard_budget_stop: false })).toBe(true);
    expect(onlyFlags("cost", { enabled: true, monthly_budget_usd: 5 })).toBe(false);
    expect(onlyFlags("latency", { hook_daemon: "yes" })).toBe(false);
  });
});
