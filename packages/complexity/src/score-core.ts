import { capEvidence, evaluateRule, prepareTask } from "./evaluate.js";
import { DEFAULT_MODEL_THRESHOLDS, type ModelThresholds, type ModelTier, selectModel } from "./models.js";
import { type ComplexityRule, DEFAULT_COMPLEXITY_RULES } from "./rules.js";

/** What is known about a coding task before it starts. */
export interface TaskContext {
  readonly description: string;
  /** Paths the task changes; duplicates and blank entries are ignored. */
  readonly files?: readonly string[];
  readonly linesChanged?: number;
  readonly newFunctions?: number;
  readonly affectsProduction?: boolean;
  readonly breakingChange?: boolean;
}

/** One rule that fired: its id, the points it added, and what matched (paths, words, the count). */
export interface ComplexityReason {
  readonly rule: string;
  readonly points: number;
  /** At most five items, then one "and N more" entry. */
  readonly evidence: readonly string[];
}

export interface ComplexityScore {
  /** `min(100, uncapped)`. */
  readonly score: number;
  /** The exact sum of the reasons' points. */
  readonly uncapped: number;
  readonly reasons: readonly ComplexityReason[];
  readonly model: ModelTier;
}

/** A `ComplexityConfig` from `parseComplexityRules` fits here as is. */
export interface ScoreOptions {
  readonly rules?: readonly ComplexityRule[];
  readonly thresholds?: ModelThresholds;
}

/**
 * `scoreTask` without checking the rules again: for rules that are the defaults or came from
 * `parseComplexityRules`. Its module loads without zod (~8 ms less for a short-lived process such as a hook).
 */
export function scoreWithCheckedRules(context: TaskContext, options: ScoreOptions = {}): ComplexityScore {
  const rules = options.rules ?? DEFAULT_COMPLEXITY_RULES;
  const thresholds = options.thresholds ?? DEFAULT_MODEL_THRESHOLDS;
  const task = prepareTask(context);
  const reasons: ComplexityReason[] = [];
  let uncapped = 0;
  for (const rule of rules) {
    if (rule.enabled === false || rule.points === 0) continue;
    const evidence = evaluateRule(rule, task);
    if (evidence === undefined) continue;
    reasons.push({ rule: rule.id, points: rule.points, evidence: capEvidence(evidence) });
    uncapped += rule.points;
  }
  const score = Math.min(100, uncapped);
  return { score, uncapped, reasons, model: selectModel(score, thresholds) };
}
