import { describe, expect, it } from "vitest";
import { defaultGates } from "./defaults.js";
import type { Gate } from "./gate.js";
import { type GateRunPlan, planGateRun } from "./plan.js";

const GATES = defaultGates({
  packageManager: "pnpm",
  scripts: { build: "tsup", lint: "biome check .", test: "vitest run" },
});
const TOOLS = ["build", "lint", "tests"];
const THOROUGH = ["security-scan", "kieran-reviewer"];
const COMPREHENSIVE = [
  "performance-oracle",
  "security-sentinel",
  "data-integrity-guardian",
  "architecture-strategist",
];

const stages = (plan: GateRunPlan) =>
  plan.stages.map((stage) => ({ levels: stage.levels, gates: stage.gates.map((gate) => gate.name) }));

describe("planGateRun", () => {
  // The seed put standard at 30 and the deep stage at 60; @vextrus/risk's recommendGates (standard from 20,
  // thorough from 40, comprehensive from 70) decides here, so `vextrus risk` and the gates that run agree.
  it.each([
    [0, "minimal", [{ levels: ["minimal"], gates: TOOLS }]],
    [
      29,
      "standard",
      [
        { levels: ["minimal"], gates: TOOLS },
        { levels: ["standard"], gates: ["review"] },
      ],
    ],
    [
      30,
      "standard",
      [
        { levels: ["minimal"], gates: TOOLS },
        { levels: ["standard"], gates: ["review"] },
      ],
    ],
    [
      59,
      "thorough",
      [
        { levels: ["minimal"], gates: TOOLS },
        { levels: ["standard"], gates: ["review"] },
        { levels: ["thorough"], gates: THOROUGH },
      ],
    ],
    [
      60,
      "thorough",
      [
        { levels: ["minimal"], gates: TOOLS },
        { levels: ["standard"], gates: ["review"] },
        { levels: ["thorough"], gates: THOROUGH },
      ],
    ],
    [
      100,
      "comprehensive",
      [
        { levels: ["minimal"], gates: TOOLS },
        { levels: ["standard"], gates: ["review"] },
        { levels: ["thorough", "comprehensive"], gates: [...THOROUGH, ...COMPREHENSIVE] },
      ],
    ],
  ])("score %i: level %s, its stages in order", (score, level, expected) => {
    const plan = planGateRun({ score }, GATES);
    expect(plan.level).toBe(level);
    expect(plan.recommendation.level).toBe(level);
    expect(stages(plan)).toEqual(expected);
    const planned = plan.stages.flatMap((stage) => stage.gates);
    expect([...planned, ...plan.notRun].map((gate) => gate.name).sort()).toEqual(
      GATES.map((gate) => gate.name).sort(),
    );
  });

  it("the standard threshold sits where recommendGates puts it", () => {
    expect(planGateRun({ score: 19 }, GATES).level).toBe("minimal");
    expect(planGateRun({ score: 20 }, GATES).level).toBe("standard");
    expect(planGateRun({ score: 39 }, GATES).level).toBe("standard");
    expect(planGateRun({ score: 40 }, GATES).level).toBe("thorough");
    expect(planGateRun({ score: 69 }, GATES).level).toBe("thorough");
    expect(planGateRun({ score: 70 }, GATES).level).toBe("comprehensive");
  });

  it("a payment path forces every gate whatever the score", () => {
    const plan = planGateRun({ score: 5, files: ["README.md", "src/payment/charge.ts"] }, GATES);
    expect(plan.level).toBe("comprehensive");
    expect(plan.recommendation.forcedBy).toBe('src/payment/charge.ts ("payment" is in always_full_for)');
    expect(plan.stages).toHaveLength(3);
    expect(plan.notRun).toEqual([]);
  });

  it("docs about payments do not force anything; the team's always_full_for does", () => {
    expect(planGateRun({ score: 5, files: ["docs/payment.md"] }, GATES).level).toBe("minimal");
    const plan = planGateRun({ score: 5, files: ["src/ledger/post.ts"] }, GATES, {
      always_full_for: ["ledger"],
    });
    expect(plan.level).toBe("comprehensive");
  });

  it("follows risk_preference and risk_based_gates", () => {
    expect(planGateRun({ score: 0 }, GATES, { risk_preference: "full" }).level).toBe("comprehensive");
    expect(planGateRun({ score: 50 }, GATES, { risk_preference: "minimal" }).level).toBe("standard");
    expect(planGateRun({ score: 0 }, GATES, { risk_based_gates: false }).level).toBe("comprehensive");
  });

  it("leaves out stages with no configured gate and keeps the configured order within a stage", () => {
    const gates: Gate[] = [
      { name: "z-review", kind: "command", level: "standard", command: ["true"] },
      { name: "deep", kind: "command", level: "comprehensive", command: ["true"] },
      { name: "a-review", kind: "command", level: "standard", command: ["true"] },
    ];
    expect(stages(planGateRun({ score: 25 }, gates))).toEqual([
      { levels: ["standard"], gates: ["z-review", "a-review"] },
    ]);
    expect(stages(planGateRun({ score: 0 }, gates))).toEqual([]);
    expect(stages(planGateRun({ score: 90 }, gates)).map((stage) => stage.gates)).toEqual([
      ["z-review", "a-review"],
      ["deep"],
    ]);
  });

  it("refuses invalid gates and scores before anything runs", () => {
    expect(() => planGateRun({ score: 10 }, [GATES[0] as Gate, GATES[0] as Gate])).toThrow(
      /two gates have this name/,
    );
    expect(() => planGateRun({ score: Number.NaN }, GATES)).toThrow(/score: expected a number/);
  });
});
