// `@vextrus/complexity/checked`: scoring for callers whose rules are already checked (the defaults, or the output
// of `parseComplexityRules`). Nothing here imports zod, so it loads in a fraction of the main entry's time.
export { DEFAULT_MODEL_THRESHOLDS, type ModelThresholds, type ModelTier, selectModel } from "./models.js";
export { type ComplexityRule, DEFAULT_COMPLEXITY_RULES } from "./rules.js";
export {
  type ComplexityReason,
  type ComplexityScore,
  type ScoreOptions,
  scoreWithCheckedRules,
  type TaskContext,
} from "./score-core.js";
export { MODEL_FAMILIES, type ModelFamily, TIER_PLANS, type TierPlan } from "./tier-plan.js";
