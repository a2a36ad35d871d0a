import { describe, expect, it } from "vitest";
import { VextrusRiskError } from "./errors.js";
import { DEFAULT_GATE_MINUTES, GATE_PLANS, recommendGates } from "./gates.js";
import { RISK_LEVELS } from "./levels.js";

const AGENTS = [
  "performance-oracle",
  "security-sentinel",
  "data-integrity-guardian",
  "architecture-strategist",
];

describe("recommendGates", () => {
  it("minimal (score < 20): build, lint, tests on changed files, in sequence", () => {
    expect(recommendGates({ score: 19, files: ["README.md"] })).toEqual({
      level: "minimal",
      gates: ["build", "lint", "tests"],
      timeEstimateMinutes: 2 + 1 + 3,
      skip: ["review", "security-scan", "kieran-reviewer", ...AGENTS],
      testSubset: "changed-files",
      parallel: false,
    });
  });

  it("standard (20-39): adds a review and tests on affected modules", () => {
    expect(recommendGates({ score: 20 })).toEqual({
      level: "standard",
      gates: ["build", "lint", "tests", "review"],
      timeEstimateMinutes: 2 + 1 + 6 + 5,
      skip: ["security-scan", "kieran-reviewer", ...AGENTS],
      testSubset: "affected-modules",
      parallel: false,
    });
  });

  it("thorough (40-69): standard + security-scan and kieran-reviewer, in parallel (the slowest gate)", () => {
    expect(recommendGates({ score: 69 })).toEqual({
      level: "thorough",
      gates: ["build", "lint", "tests", "review", "security-scan", "kieran-reviewer"],
      timeEstimateMinutes: 16,
      skip: AGENTS,
      testSubset: "affected-modules",
      parallel: true,
    });
  });

  it("comprehensive (70+): everything, all tests, in parallel", () => {
    expect(recommendGates({ score: 70 })).toEqual({
      level: "comprehensive",
      gates: ["build", "lint", "tests", "review", "security-scan", "kieran-reviewer", ...AGENTS],
      timeEstimateMinutes: 18,
      skip: [],
      testSubset: "all",
      parallel: true,
    });
  });

  it("nests the levels, and with the default minutes each level takes longer than the one below", () => {
    const estimates = RISK_LEVELS.map((_, i) => recommendGates({ score: [0, 20, 40, 70][i] as number }));
    for (let i = 1; i < estimates.length; i++) {
      const [below, above] = [estimates[i - 1], estimates[i]];
      expect(above?.gates).toEqual(expect.arrayContaining(below?.gates ?? []));
      expect(above?.timeEstimateMinutes).toBeGreaterThan(below?.timeEstimateMinutes ?? 0);
    }
    expect(estimates.map((estimate) => estimate.timeEstimateMinutes)).toEqual([6, 14, 16, 18]);
  });

  it("uses custom minutes: a sum when sequential, the longest when parallel", () => {
    const minutes = {
      ...DEFAULT_GATE_MINUTES,
      build: 10,
      tests: { "changed-files": 1, "affected-modules": 2, all: 40 },
    };
    expect(recommendGates({ score: 0 }, {}, { minutes }).timeEstimateMinutes).toBe(12);
    expect(recommendGates({ score: 90 }, {}, { minutes }).timeEstimateMinutes).toBe(40);
  });

  it("forces comprehensive when a source path holds an always_full_for word, and says which", () => {
    const result = recommendGates({ score: 20, files: ["src/util.ts", "lib/payments/charge.ts"] });
    expect(result.level).toBe("comprehensive");
    expect(result.forcedBy).toBe('lib/payments/charge.ts ("payment" is in always_full_for)');
    expect(
      recommendGates({ score: 20, files: [{ path: "src/misc.ts", oldPath: "src/auth/misc.ts" }] }).forcedBy,
    ).toBe('src/auth/misc.ts ("auth" is in always_full_for)');
  });

  it("does not force on words in docs or tests, nor on words that only contain one", () => {
    const files = ["docs/payments.md", "src/auth/login.test.ts", "src/author.ts", "src/securityish.ts"];
    expect(recommendGates({ score: 10, files })).toMatchObject({ level: "minimal" });
    expect(recommendGates({ score: 10, files }).forcedBy).toBeUndefined();
  });

  it("follows a custom always_full_for, and an empty one forces nothing", () => {
    expect(
      recommendGates({ score: 0, files: ["src/billing.ts"] }, { always_full_for: ["billing"] }).level,
    ).toBe("comprehensive");
    expect(recommendGates({ score: 0, files: ["src/auth.ts"] }, { always_full_for: [] }).level).toBe(
      "minimal",
    );
  });

  it('risk_preference "full" always gives comprehensive', () => {
    expect(recommendGates({ score: 0 }, { risk_preference: "full" })).toMatchObject({
      level: "comprehensive",
      forcedBy: "risk_preference: full",
    });
  });

  it('risk_preference "minimal" goes one level down, never below minimal, unless a path forces', () => {
    const minimal = { risk_preference: "minimal" } as const;
    expect(
      RISK_LEVELS.map((_, i) => recommendGates({ score: [0, 20, 40, 70][i] as number }, minimal).level),
    ).toEqual(["minimal", "minimal", "standard", "thorough"]);
    expect(recommendGates({ score: 20, files: ["src/security/keys.ts"] }, minimal).level).toBe(
      "comprehensive",
    );
  });

  it("risk_based_gates: false runs everything", () => {
    expect(recommendGates({ score: 0 }, { risk_based_gates: false })).toMatchObject({
      level: "comprehensive",
      forcedBy: "risk_based_gates: false",
    });
  });

  it("clamps out-of-range scores and rejects non-numbers", () => {
    expect(recommendGates({ score: -5 }).level).toBe("minimal");
    expect(recommendGates({ score: 250 }).level).toBe("comprehensive");
    expect(() => recommendGates({ score: Number.NaN })).toThrow(VextrusRiskError);
    expect(() => recommendGates({} as never)).toThrow(/score: expected a number/);
  });

  it("keeps the plans as data", () => {
    expect(Object.keys(GATE_PLANS)).toEqual(RISK_LEVELS);
  });
});
