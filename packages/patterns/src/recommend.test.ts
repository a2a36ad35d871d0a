import { describe, expect, it } from "vitest";
import { VextrusPatternsError } from "./errors.js";
import { createPatternIndex } from "./pattern-index.js";
import { recommendApproach } from "./recommend.js";
import type { FinishedTask } from "./task.js";

const MIN = 60_000;

function task(
  id: string,
  description: string,
  files: string[],
  agents: string[],
  minutes: number,
): FinishedTask {
  return {
    id,
    description,
    files,
    agents: agents.map((type) => ({ type, success: true })),
    gates: ["lint", ...(agents.includes("tester") ? ["tests"] : [])],
    durationMs: minutes * MIN,
  };
}

const HISTORY = [
  task("r1", "Refund payments in Stripe", ["src/payments/refund.ts"], ["coder", "tester"], 60),
  task("r2", "Partial refund of Stripe payments", ["src/payments/refund.ts"], ["coder", "tester"], 80),
  task("r3", "Refund reporting for payments", ["src/payments/report.ts"], ["coder"], 40),
  task("d1", "Write docs for the login page", ["docs/login.md"], ["writer"], 10),
];

describe("recommendApproach", () => {
  it("weights agents, gates and duration by how well each task matched", () => {
    const result = recommendApproach(createPatternIndex(HISTORY), { description: "Refund Stripe payments" });
    if (result.status !== "recommended") throw new Error(result.reason);
    expect(result.matches.map((m) => m.taskId)).toEqual(["r1", "r2", "r3"]);
    expect(result.agents).toEqual(["coder", "tester"]);
    expect(result.gates).toEqual(["lint", "tests"]);
    expect(result.estimatedDurationMs).toBe(60 * MIN);
    expect(result.durationRangeMs.low).toBeLessThanOrEqual(60 * MIN);
    expect(result.durationRangeMs.high).toBeGreaterThanOrEqual(60 * MIN);
  });

  it("ranks an exact repeat first even when a wordier task scores higher", () => {
    const tasks = [
      task("long", "payment payment payment webhook", [], ["coder"], 10),
      task("short", "payment webhook", [], ["coder"], 10),
      task("other", "login page", [], ["coder"], 10),
    ];
    const result = recommendApproach(createPatternIndex(tasks), { description: "payment webhook" });
    expect(result.matches.map((m) => [m.taskId, m.exact])).toEqual([
      ["short", true],
      ["long", false],
    ]);
    expect(result.matches[1]?.score).toBeGreaterThan(result.matches[0]?.score ?? 0);
  });

  it("lowers confidence when fewer tasks are similar", () => {
    const index = createPatternIndex(HISTORY);
    const one = recommendApproach(index, {
      description: "Write docs for the login page",
      files: ["docs/login.md"],
    });
    const three = recommendApproach(index, {
      description: "Refund payments in Stripe",
      files: ["src/payments/refund.ts"],
    });
    expect(one.confidence).toBeCloseTo(1 / 3, 12);
    expect(three.confidence).toBe(1);
    const fewer = recommendApproach(index, { description: "Refund payments in Stripe" }, { fullSupport: 10 });
    expect(fewer.confidence).toBeLessThan(three.confidence);
  });

  it("says why it has nothing to recommend", () => {
    const index = createPatternIndex(HISTORY);
    expect(recommendApproach(createPatternIndex([]), { description: "Refund" })).toMatchObject({
      status: "no-similar-tasks",
      reason: "empty-history",
      confidence: 0,
    });
    expect(recommendApproach(index, { description: "the and of" })).toMatchObject({ reason: "no-terms" });
    expect(recommendApproach(index, { description: "kubernetes autoscaler" })).toMatchObject({
      reason: "below-threshold",
      terms: ["kubernet", "autoscaler"],
    });
  });

  it("rejects invalid queries and options, naming the field", () => {
    const index = createPatternIndex(HISTORY);
    expect(() => recommendApproach(index, { description: " " })).toThrow(/task\.description/);
    expect(() => recommendApproach(index, { description: "x" }, { maxMatches: 0 })).toThrow(/maxMatches/);
    expect(() => recommendApproach(index, { description: "x" }, { minSimilarity: -1 })).toThrow(
      VextrusPatternsError,
    );
    expect(() =>
      recommendApproach(index, { description: "x" }, { durationRange: { low: 0.9, high: 0.1 } }),
    ).toThrow(/durationRange/);
  });
});
