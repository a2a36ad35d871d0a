import { VextrusRiskError } from "./errors.js";
import { levelForScore, RISK_LEVELS, type RiskLevel } from "./levels.js";
import { classifyChange, matchPathWords } from "./paths.js";

export type GateName =
  | "build"
  | "lint"
  | "tests"
  | "review"
  | "security-scan"
  | "kieran-reviewer"
  | "performance-oracle"
  | "security-sentinel"
  | "data-integrity-guardian"
  | "architecture-strategist";

export type TestSubset = "changed-files" | "affected-modules" | "all";

export type RiskPreference = "minimal" | "recommended" | "full";

export interface GatePlan {
  gates: readonly GateName[];
  testSubset: TestSubset;
  parallel: boolean;
}

/**
 * What each level runs. Levels are nested, so a higher score never drops a gate: lint stays from minimal up
 * (the seed's standard list, "build, review, tests", left it out, which would lint a typo fix but not a feature).
 */
export const GATE_PLANS: Readonly<Record<RiskLevel, GatePlan>> = {
  minimal: { gates: ["build", "lint", "tests"], testSubset: "changed-files", parallel: false },
  standard: { gates: ["build", "lint", "tests", "review"], testSubset: "affected-modules", parallel: false },
  thorough: {
    gates: ["build", "lint", "tests", "review", "security-scan", "kieran-reviewer"],
    testSubset: "affected-modules",
    parallel: true,
  },
  comprehensive: {
    gates: [
      "build",
      "lint",
      "tests",
      "review",
      "security-scan",
      "kieran-reviewer",
      "performance-oracle",
      "security-sentinel",
      "data-integrity-guardian",
      "architecture-strategist",
    ],
    testSubset: "all",
    parallel: true,
  },
};

export type GateMinutes = Readonly<Record<Exclude<GateName, "tests">, number>> & {
  tests: Readonly<Record<TestSubset, number>>;
};

/**
 * Plausible minutes per gate, to be tuned with `options.minutes`: tool gates from typical CI timings on a
 * mid-sized TypeScript repo (incremental build, Biome/ESLint, vitest on changed files / affected packages / all),
 * reviewer agents from typical Claude Code subagent runs, the deep single-concern ones the longest. They are
 * chosen so that, with parallel levels timed by their slowest gate, every level takes longer than the one
 * below it: minimal 6, standard 14, thorough 16, comprehensive 18.
 */
export const DEFAULT_GATE_MINUTES: GateMinutes = {
  build: 2,
  lint: 1,
  tests: { "changed-files": 3, "affected-modules": 6, all: 15 },
  review: 5,
  "security-scan": 4,
  "kieran-reviewer": 16,
  "performance-oracle": 12,
  "security-sentinel": 12,
  "data-integrity-guardian": 10,
  "architecture-strategist": 18,
};

export const DEFAULT_ALWAYS_FULL_FOR: readonly string[] = Object.freeze([
  "payment",
  "security",
  "auth",
  "migration",
]);

export interface GateConfig {
  /** `false` turns routing off: every change gets the comprehensive gates. Default `true`. */
  risk_based_gates?: boolean;
  /** Default `"recommended"`. */
  risk_preference?: RiskPreference;
  /** Path words that force comprehensive gates. Default `DEFAULT_ALWAYS_FULL_FOR`. */
  always_full_for?: readonly string[];
}

export interface GateInput {
  score: number;
  /** Changed paths, or `RiskAssessment.files` (renames are checked under both names). */
  files?: readonly (string | { path: string; oldPath?: string })[];
}

export interface GateOptions {
  minutes?: GateMinutes;
}

export interface GateRecommendation {
  level: RiskLevel;
  gates: GateName[];
  timeEstimateMinutes: number;
  /** Gates of the comprehensive set this level does not run. */
  skip: GateName[];
  testSubset: TestSubset;
  parallel: boolean;
  /** Why the level is comprehensive whatever the score, when it is. */
  forcedBy?: string;
}

/**
 * The gates for a risk score. `risk_preference: "full"` always gives comprehensive; `"minimal"` gives one level
 * below the score's (never below minimal) unless a path forces comprehensive. A source path (not docs, not a
 * test) holding an `always_full_for` word forces comprehensive, by the same whole-word matching as the score.
 */
export function recommendGates(
  input: GateInput,
  config: GateConfig = {},
  options: GateOptions = {},
): GateRecommendation {
  if (typeof input?.score !== "number" || Number.isNaN(input.score)) {
    throw new VextrusRiskError("INPUT_INVALID", "score: expected a number from 0 to 100");
  }
  const preference = config.risk_preference ?? "recommended";
  const recommended = levelForScore(Math.max(0, Math.min(100, input.score)));
  const forcedBy = forcedReason(input.files ?? [], config, preference);

  let level: RiskLevel = recommended;
  if (forcedBy !== undefined) level = "comprehensive";
  else if (preference === "minimal")
    level = RISK_LEVELS[Math.max(0, RISK_LEVELS.indexOf(recommended) - 1)] as RiskLevel;

  const plan = GATE_PLANS[level];
  const minutes = options.minutes ?? DEFAULT_GATE_MINUTES;
  const durations = plan.gates.map((gate) =>
    gate === "tests" ? minutes.tests[plan.testSubset] : minutes[gate],
  );
  const all = GATE_PLANS.comprehensive.gates;
  return {
    level,
    gates: [...plan.gates],
    // Parallel gates end with the slowest one; sequential ones add up.
    timeEstimateMinutes: plan.parallel ? Math.max(0, ...durations) : durations.reduce((a, b) => a + b, 0),
    skip: all.filter((gate) => !plan.gates.includes(gate)),
    testSubset: plan.testSubset,
    parallel: plan.parallel,
    ...(forcedBy === undefined ? {} : { forcedBy }),
  };
}

function forcedReason(
  files: NonNullable<GateInput["files"]>,
  config: GateConfig,
  preference: RiskPreference,
): string | undefined {
  if (config.risk_based_gates === false) return "risk_based_gates: false";
  const paths: string[] = [];
  for (const file of files) {
    const { path, oldPath } = typeof file === "string" ? { path: file, oldPath: undefined } : file;
    // Docs and tests about payments do not touch payment code: the same split as the score's.
    if (classifyChange(path, oldPath) !== "source") continue;
    paths.push(path);
    if (oldPath !== undefined && oldPath !== path) paths.push(oldPath);
  }
  const match = matchPathWords(paths, config.always_full_for ?? DEFAULT_ALWAYS_FULL_FOR)[0];
  if (match) return `${match.path} ("${match.word}" is in always_full_for)`;
  if (preference === "full") return "risk_preference: full";
  return undefined;
}
