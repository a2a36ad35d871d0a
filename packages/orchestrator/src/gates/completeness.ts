import { SCRIPT_GATES } from "./defaults.js";
import type { GateResult } from "./gate.js";
import type { GateRunPlan } from "./plan.js";

/** How a gate run ends for its caller: every required gate passed, one failed, or one never ran. */
export type GateRunVerdict = "passed" | "failed" | "incomplete";

export interface GateNotRun {
  gate: string;
  /**
   * `no-agent-runner`: an agent gate with no way to run agents; `not-configured`: the level calls for the gate but
   * the project has none of that name (a missing package.json script); `stopped`: the run was cancelled or
   * stopped by failFast before the gate finished.
   */
  why: "no-agent-runner" | "not-configured" | "stopped";
  /** What makes it run next time, in a few words. */
  enable: string;
}

export interface GateRunJudgement {
  verdict: GateRunVerdict;
  /** Gates that failed or timed out. */
  failed: string[];
  /** Required gates that did not reach a verdict, in the order they were required. */
  notRun: GateNotRun[];
}

export interface JudgeGateRunInput {
  plan: GateRunPlan;
  results: readonly GateResult[];
  /**
   * Gate names the run must hold besides the plan's own gates. Default: the level's gates in `@vextrus/risk`
   * (what `defaultGates` would make), so a project without a `lint` script cannot pass a level that lints. A
   * team that lists its own gates (`optimization.quality.gates`) chose them: pass `[]`.
   */
  required?: readonly string[];
  /** Gates that did not run are listed but do not make the run incomplete. */
  allowSkipped?: boolean;
}

const HOW = {
  "no-agent-runner": "set ANTHROPIC_API_KEY, or put Claude Code (claude) on PATH",
  stopped: "runs once the failing gate is fixed (or without --fail-fast)",
} as const;

/**
 * The rule that a run never passes by skipping: a required gate that did not reach a verdict (skipped,
 * cancelled, or never configured) makes a run without failures `incomplete`, unless `allowSkipped`. A failure
 * outranks it, since fixing the failure comes first either way.
 */
export function judgeGateRun(input: JudgeGateRunInput): GateRunJudgement {
  const byName = new Map(input.results.map((r) => [r.name, r]));
  const names = [
    ...new Set([
      ...input.plan.stages.flatMap((s) => s.gates.map((g) => g.name)),
      ...(input.required ?? input.plan.recommendation.gates),
    ]),
  ];
  const notRun: GateNotRun[] = [];
  for (const gate of names) {
    const result = byName.get(gate);
    if (result === undefined) {
      const script = SCRIPT_GATES.find((s) => s.gate === gate)?.script;
      notRun.push({
        gate,
        why: "not-configured",
        enable:
          script === undefined
            ? `add a "${gate}" gate to optimization.quality.gates`
            : `add a "${script}" script to package.json`,
      });
    } else if (result.status === "skipped" || result.status === "cancelled") {
      const why = result.skipReason === "no-agent-runner" ? "no-agent-runner" : "stopped";
      notRun.push({ gate, why, enable: HOW[why] });
    }
  }
  const failed = input.results
    .filter((r) => r.status === "failed" || r.status === "timed-out")
    .map((r) => r.name);
  const verdict =
    failed.length > 0 ? "failed" : notRun.length > 0 && !input.allowSkipped ? "incomplete" : "passed";
  return { verdict, failed, notRun };
}
