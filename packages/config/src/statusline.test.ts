import { describe, expect, it } from "vitest";
import { readStatuslineSettings, STATUSLINE_SEGMENTS } from "./statusline.js";
import { validateOptimization } from "./validate.js";

describe("optimization.statusline", () => {
  it("shows every segment in the default order when nothing is set", () => {
    expect(readStatuslineSettings(undefined).settings.segments).toEqual([...STATUSLINE_SEGMENTS]);
  });

  it("keeps the chosen segments in the chosen order, each once", () => {
    const read = readStatuslineSettings({ segments: ["budget", "model", "budget"] });
    expect(read.settings.segments).toEqual(["budget", "model"]);
    expect(read.errors).toEqual([]);
  });

  it("names the bad entry and the accepted names, and falls back to the default list", () => {
    const read = readStatuslineSettings({ segments: ["model", "cost"], colour: true });
    expect(read.errors).toEqual([
      'optimization.statusline.segments[1]: expected one of model, session, today, block, limits, budget, savings, got "cost"',
    ]);
    expect(read.warnings).toEqual(["optimization.statusline.colour: unknown setting, ignored"]);
    expect(read.settings.segments).toEqual([...STATUSLINE_SEGMENTS]);
  });

  it("reads every session's transcripts every 10 s unless rescan_seconds says otherwise (0: every run)", () => {
    expect(readStatuslineSettings(undefined).settings.rescanSeconds).toBe(10);
    expect(readStatuslineSettings({ rescan_seconds: 0 }).settings.rescanSeconds).toBe(0);
    expect(readStatuslineSettings({ rescan_seconds: 2.5 }).settings.rescanSeconds).toBe(2.5);
    const bad = readStatuslineSettings({ rescan_seconds: "10", segments: ["model"] });
    expect(bad.errors).toEqual([
      'optimization.statusline.rescan_seconds: expected a number of seconds, 0 or more, such as 10, got "10"',
    ]);
    expect(bad.settings).toEqual({ segments: ["model"], rescanSeconds: 10 });
    expect(readStatuslineSettings({ rescan_seconds: -1 }).errors).toHaveLength(1);
  });

  it("says what a list looks like when segments is not one", () => {
    expect(readStatuslineSettings({ segments: "model" }).errors[0]).toMatch(
      /^optimization\.statusline\.segments: expected a list of model, .* got "model"$/,
    );
    expect(readStatuslineSettings(true).errors[0]).toMatch(/^optimization\.statusline: expected an object/);
  });

  it("is a known section of the full validation", () => {
    const result = validateOptimization({ statusline: { segments: ["today", 3] } });
    expect(result.errors).toEqual([
      "optimization.statusline.segments[1]: expected one of model, session, today, block, limits, budget, savings, got 3",
    ]);
    expect(result.warnings).toEqual([]);
  });
});
