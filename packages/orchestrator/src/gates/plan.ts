import {
  type GateConfig,
  type GateInput,
  type GateOptions,
  type GateRecommendation,
  RISK_LEVELS,
  recommendGates,
} from "@vextrus/risk";
import { validateGates } from "./config.js";
import type { Gate, GateEvent, GateLevel, GateResult } from "./gate.js";
import { type RunGatesOptions, runGates, skipped } from "./run-gates.js";

/**
 * The seed's three stages: cheap tool gates first, then the review, then every deep reviewer at once. The
 * comprehensive reviewers share the last stage with the thorough ones because none of them needs another's
 * verdict, and one stage is timed by its slowest gate.
 */
export const STAGE_LEVELS: readonly (readonly GateLevel[])[] = [
  ["minimal"],
  ["standard"],
  ["thorough", "comprehensive"],
];

export interface GateStage {
  /** The levels whose gates this stage runs (only those up to the plan's level). */
  levels: GateLevel[];
  gates: Gate[];
}

export interface GateRunPlan {
  /** `recommendGates`' level: the score's, or comprehensive when a path or the config forces it. */
  level: GateLevel;
  recommendation: GateRecommendation;
  /** In order; a stage with no configured gate is left out. */
  stages: GateStage[];
  /** Configured gates above the level. */
  notRun: Gate[];
}

/**
 * Routes a change to its gates: `recommendGates` (from `@vextrus/risk`, with its `always_full_for` paths,
 * `risk_preference` and `risk_based_gates`) picks the level, and every configured gate whose level is at or
 * below it runs, grouped into `STAGE_LEVELS` stages. The level thresholds are the risk package's (standard
 * from 20, thorough from 40, comprehensive from 70), so `vextrus risk` and the gates that run always agree.
 * `options.minutes` times the estimate (`gateMinutesFromHistory` makes them from recorded runs).
 */
export function planGateRun(
  input: GateInput,
  gates: readonly Gate[],
  qualityConfig: GateConfig = {},
  options: GateOptions = {},
): GateRunPlan {
  validateGates(gates);
  const recommendation = recommendGates(input, qualityConfig, options);
  const rank = (level: GateLevel) => RISK_LEVELS.indexOf(level);
  const top = rank(recommendation.level);
  const stages: GateStage[] = [];
  for (const stageLevels of STAGE_LEVELS) {
    const levels = stageLevels.filter((level) => rank(level) <= top);
    const stageGates = gates.filter((gate) => levels.includes(gate.level));
    if (stageGates.length > 0) stages.push({ levels, gates: stageGates });
  }
  return {
    level: recommendation.level,
    recommendation,
    stages,
    notRun: gates.filter((gate) => rank(gate.level) > top),
  };
}

/**
 * Runs a plan's stages in order, each stage's gates in parallel (up to `options.concurrency`). With `failFast`,
 * a stage with a failed or timed-out gate is the last one: later stages' gates are `skipped`; so are they once
 * `options.signal` aborts. Results come in stage order.
 */
export async function runGatePlan(plan: GateRunPlan, options: RunGatesOptions = {}): Promise<GateResult[]> {
  const results: GateResult[] = [];
  let stopCause: string | undefined;
  // As in runGates: a throwing listener disturbs no gate, and is reported once every gate has its result.
  let listenerError: { error: unknown } | undefined;
  const onEvent = (event: GateEvent) => {
    try {
      options.onEvent?.(event);
    } catch (error) {
      listenerError ??= { error };
    }
  };
  for (const [index, stage] of plan.stages.entries()) {
    if (stopCause === undefined && options.signal?.aborted) stopCause = "the run was aborted";
    if (stopCause !== undefined) {
      for (const gate of stage.gates) {
        const result = skipped(gate, `not run: ${stopCause}`, "stopped");
        results.push(result);
        onEvent({ type: "end", gate: gate.name, result, at: Date.now() });
      }
      continue;
    }
    const stageResults = await runGates(stage.gates, { ...options, onEvent });
    results.push(...stageResults);
    const failed = stageResults.find((result) => result.status === "failed" || result.status === "timed-out");
    if (options.failFast && failed !== undefined) {
      stopCause = `gate "${failed.name}" failed in stage ${index + 1} (failFast)`;
    }
  }
  if (listenerError !== undefined) throw listenerError.error;
  return results;
}
