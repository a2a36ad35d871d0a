import { describe, expect, it } from "vitest";
import { judgeGateRun } from "./completeness.js";
import { defaultGates } from "./defaults.js";
import { gateMinutesFromHistory } from "./estimate.js";
import type { GateResult, GateStatus } from "./gate.js";
import { planGateRun } from "./plan.js";
import { skipped } from "./run-gates.js";

const result = (name: string, status: GateStatus): GateResult => ({
  name,
  status,
  exitCode: status === "passed" ? 0 : null,
  durationMs: 10,
  outputTail: "",
});

describe("judgeGateRun", () => {
  const scripts = { build: "tsc", lint: "biome check", test: "vitest run" };
  const standard = planGateRun({ score: 25 }, defaultGates({ packageManager: "npm", scripts }));

  it("passes only when every required gate reached a passing verdict", () => {
    const all = ["build", "lint", "tests", "review"].map((g) => result(g, "passed"));
    expect(judgeGateRun({ plan: standard, results: all })).toEqual({
      verdict: "passed",
      failed: [],
      notRun: [],
    });
  });

  it("calls a run whose agent gate had no runner incomplete, and says how to enable it", () => {
    const results = [
      ...["build", "lint", "tests"].map((g) => result(g, "passed")),
      skipped({ name: "review" }, "not run", "no-agent-runner"),
    ];
    const judged = judgeGateRun({ plan: standard, results });
    expect(judged.verdict).toBe("incomplete");
    expect(judged.notRun).toEqual([
      {
        gate: "review",
        why: "no-agent-runner",
        enable: "set ANTHROPIC_API_KEY, or put Claude Code (claude) on PATH",
      },
    ]);
    expect(judgeGateRun({ plan: standard, results, allowSkipped: true })).toMatchObject({
      verdict: "passed",
      notRun: [{ gate: "review" }],
    });
  });

  it("counts the level's gates a project lacks (no package.json: no build, lint or tests) as not run", () => {
    const plan = planGateRun({ score: 80 }, defaultGates({ packageManager: "npm", scripts: {} }));
    const results = plan.stages.flatMap((s) => s.gates.map((g) => skipped(g, "not run", "no-agent-runner")));
    const judged = judgeGateRun({ plan, results });
    expect(judged.verdict).toBe("incomplete");
    expect(judged.notRun.map((n) => [n.gate, n.why])).toEqual([
      ["review", "no-agent-runner"],
      ["security-scan", "no-agent-runner"],
      ["kieran-reviewer", "no-agent-runner"],
      ["performance-oracle", "no-agent-runner"],
      ["security-sentinel", "no-agent-runner"],
      ["data-integrity-guardian", "no-agent-runner"],
      ["architecture-strategist", "no-agent-runner"],
      ["build", "not-configured"],
      ["lint", "not-configured"],
      ["tests", "not-configured"],
    ]);
    expect(judged.notRun.find((n) => n.gate === "tests")?.enable).toBe('add a "test" script to package.json');
  });

  it("lets a failure outrank gates that did not run, and takes a team's own gate list as the requirement", () => {
    const results = [result("build", "failed"), skipped({ name: "lint" }, "not run", "stopped")];
    expect(judgeGateRun({ plan: standard, results })).toMatchObject({
      verdict: "failed",
      failed: ["build"],
    });
    const own = planGateRun({ score: 0 }, [
      { name: "typecheck", kind: "command", level: "minimal", command: ["tsc"] },
    ]);
    expect(judgeGateRun({ plan: own, results: [result("typecheck", "passed")], required: [] }).verdict).toBe(
      "passed",
    );
    expect(
      judgeGateRun({ plan: own, results: [result("typecheck", "cancelled")], required: [] }),
    ).toMatchObject({
      verdict: "incomplete",
      notRun: [{ gate: "typecheck", why: "stopped" }],
    });
  });
});

describe("gateMinutesFromHistory", () => {
  it("times the plan from recorded means where there are any, and names the gates still on defaults", () => {
    const estimate = gateMinutesFromHistory([
      { gate: "build", avgDurationMs: 30_000 },
      { gate: "tests", avgDurationMs: 120_000 },
      { gate: "review", avgDurationMs: null },
      { gate: "my-own-gate", avgDurationMs: 5_000 },
    ]);
    expect(estimate.measured).toEqual(["build", "tests"]);
    expect(estimate.defaults).toContain("review");
    expect(estimate.minutes.build).toBe(0.5);
    expect(estimate.minutes.tests).toEqual({ "changed-files": 2, "affected-modules": 2, all: 2 });
    const minimal = planGateRun(
      { score: 0 },
      defaultGates({ packageManager: "npm", scripts: { build: "x" } }),
      {},
      estimate,
    );
    // minimal runs build, lint, tests in sequence: 0.5 recorded + 1 default + 2 recorded.
    expect(minimal.recommendation.timeEstimateMinutes).toBe(3.5);
  });
});
