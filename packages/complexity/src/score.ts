import { assertRules } from "./rule-check.js";
import {
  type ComplexityScore,
  type ScoreOptions,
  scoreWithCheckedRules,
  type TaskContext,
} from "./score-core.js";

export type { ComplexityReason, ComplexityScore, ScoreOptions, TaskContext } from "./score-core.js";

/**
 * Scores a task from 0 to 100 with every point explained. Each enabled rule fires at most once; a rule worth 0
 * points is left out of the reasons, so setting a rule's points to 0 silences it like disabling it does.
 */
export function scoreTask(context: TaskContext, options: ScoreOptions = {}): ComplexityScore {
  const rules = options.rules === undefined ? undefined : assertRules(options.rules);
  return scoreWithCheckedRules(context, { ...options, ...(rules && { rules }) });
}
