export {
  type ComplexityConfig,
  type ComplexityConfigInput,
  complexityConfigSchema,
  type ParsedComplexityConfig,
  parseComplexityRules,
} from "./config.js";
export { type ComplexityErrorCode, VextrusComplexityError } from "./errors.js";
export { MAX_EVIDENCE } from "./evaluate.js";
export { DEFAULT_MODEL_THRESHOLDS, type ModelThresholds, type ModelTier, selectModel } from "./models.js";
export {
  type ComplexityRule,
  type CountedSignal,
  type CountRule,
  DEFAULT_COMPLEXITY_RULES,
  type ExtensionRule,
  type FlagRule,
  type FlagSignal,
  type KeywordRule,
  type KeywordTarget,
  type RuleKind,
} from "./rules.js";
export {
  type ComplexityReason,
  type ComplexityScore,
  type ScoreOptions,
  scoreTask,
  type TaskContext,
} from "./score.js";
export { MODEL_FAMILIES, type ModelFamily, TIER_PLANS, type TierPlan } from "./tier-plan.js";
export type { KeywordMatch } from "./words.js";
