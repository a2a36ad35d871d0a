import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Gate, GateLevel } from "../../src/gates/gate.js";
import { planGateRun, runGatePlan } from "../../src/gates/plan.js";
import { gate, recorder, shell, sleeper } from "./helpers.js";

const at = (level: GateLevel, g: Gate): Gate => ({ ...g, level });
const FAIL = ["sh", join(import.meta.dirname, "fixtures", "fail.sh")];

const GATES: Gate[] = [
  at("minimal", sleeper("build", 150)),
  at("minimal", sleeper("lint", 100)),
  at("standard", sleeper("review", 100)),
  at("thorough", sleeper("security-scan", 200)),
  at("comprehensive", sleeper("architecture", 200)),
];

describe("runGatePlan on real processes", () => {
  it("runs the stages in order, each stage's gates in parallel", async () => {
    const { onEvent, spans } = recorder();
    const plan = planGateRun({ score: 100 }, GATES);
    const results = await runGatePlan(plan, { onEvent });
    expect(results.map((result) => [result.name, result.status])).toEqual([
      ["build", "passed"],
      ["lint", "passed"],
      ["review", "passed"],
      ["security-scan", "passed"],
      ["architecture", "passed"],
    ]);
    const span = new Map(spans().map((s) => [s.gate, s]));
    const time = (name: string, edge: "start" | "end") => span.get(name)?.[edge] ?? Number.NaN;
    // Stage 2 waits for the whole of stage 1; stage 3 for stage 2.
    expect(time("review", "start")).toBeGreaterThanOrEqual(
      Math.max(time("build", "end"), time("lint", "end")),
    );
    expect(time("security-scan", "start")).toBeGreaterThanOrEqual(time("review", "end"));
    // Within a stage, together.
    expect(time("lint", "start")).toBeLessThan(time("build", "end"));
    expect(time("architecture", "start")).toBeLessThan(time("security-scan", "end"));
  });

  it("runs only the stages up to the level", async () => {
    const results = await runGatePlan(planGateRun({ score: 25 }, GATES));
    expect(results.map((result) => result.name)).toEqual(["build", "lint", "review"]);
  });

  it("a payment path runs the comprehensive gates for a tiny change", async () => {
    const plan = planGateRun({ score: 2, files: ["src/payments/refund.ts"] }, GATES);
    const results = await runGatePlan(plan);
    expect(results.map((result) => result.name)).toContain("architecture");
  });

  it("with failFast, stops after the stage that failed", async () => {
    const gates = [
      at("minimal", gate("lint", FAIL)),
      at("minimal", gate("tests", shell("hang.sh"))),
      at("standard", sleeper("review", 10)),
      at("comprehensive", sleeper("architecture", 10)),
    ];
    const { onEvent, of } = recorder();
    const results = await runGatePlan(planGateRun({ score: 90 }, gates), {
      failFast: true,
      onEvent,
      killGraceMs: 300,
    });
    expect(results.map((result) => [result.name, result.status, result.error])).toEqual([
      ["lint", "failed", "exited with code 3"],
      ["tests", "cancelled", 'cancelled: gate "lint" failed (failFast)'],
      ["review", "skipped", 'not run: gate "lint" failed in stage 1 (failFast)'],
      ["architecture", "skipped", 'not run: gate "lint" failed in stage 1 (failFast)'],
    ]);
    expect(of("end").map((event) => event.gate)).toEqual(["lint", "tests", "review", "architecture"]);
  });

  it("without failFast, runs every stage whatever failed", async () => {
    const gates = [at("minimal", gate("lint", FAIL)), at("standard", sleeper("review", 10))];
    const results = await runGatePlan(planGateRun({ score: 30 }, gates));
    expect(results.map((result) => result.status)).toEqual(["failed", "passed"]);
  });

  it("an abort during a stage skips the later stages", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const gates = [at("minimal", gate("tests", shell("hang.sh"))), at("standard", sleeper("review", 10))];
    const results = await runGatePlan(planGateRun({ score: 30 }, gates), {
      signal: controller.signal,
      killGraceMs: 300,
    });
    expect(results.map((result) => [result.status, result.error])).toEqual([
      ["cancelled", "cancelled: the run was aborted"],
      ["skipped", "not run: the run was aborted"],
    ]);
  });

  it("runs every stage when a listener throws, then rejects with its error", async () => {
    const boom = new Error("listener broke");
    const ends: string[] = [];
    const gates = [at("minimal", sleeper("lint", 10)), at("standard", sleeper("review", 10))];
    await expect(
      runGatePlan(planGateRun({ score: 30 }, gates), {
        onEvent: (event) => {
          if (event.type === "end") ends.push(event.gate);
          throw boom;
        },
      }),
    ).rejects.toBe(boom);
    expect(ends).toEqual(["lint", "review"]);
  });
});
