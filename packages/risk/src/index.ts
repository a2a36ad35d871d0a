export {
  assessChangeRisk,
  type RiskAssessment,
  type RiskInput,
  type RiskReason,
  type RiskStats,
} from "./assess.js";
export { type ChangeSize, changeSize } from "./change-size.js";
export {
  type ParsedQualityConfig,
  type ParsedRiskRules,
  parseQualityConfig,
  parseRiskRules,
  type QualityConfig,
  qualityConfigSchema,
  riskRulesSchema,
} from "./config.js";
export { type RiskErrorCode, VextrusRiskError } from "./errors.js";
export {
  DEFAULT_ALWAYS_FULL_FOR,
  DEFAULT_GATE_MINUTES,
  GATE_PLANS,
  type GateConfig,
  type GateInput,
  type GateMinutes,
  type GateName,
  type GateOptions,
  type GatePlan,
  type GateRecommendation,
  type RiskPreference,
  recommendGates,
  type TestSubset,
} from "./gates.js";
export { countNewFunctions, DEFAULT_LANGUAGES, type LanguagePatterns, languageFor } from "./languages.js";
export { LEVEL_THRESHOLDS, levelForScore, RISK_LEVELS, type RiskLevel } from "./levels.js";
export { type FileChange, type FileStatus, type ParseDiffOptions, parseUnifiedDiff } from "./parse-diff.js";
export {
  classifyChange,
  classifyPath,
  DOC_EXTENSIONS,
  DOC_NAMES,
  type FileClass,
  matchPathWords,
  type PathWordMatch,
  pathWords,
  TEST_PATH_PATTERNS,
  WORD_ALIASES,
} from "./paths.js";
export {
  type ChangeKind,
  DEFAULT_RISK_RULES,
  HIGH_RISK_PATH_WORDS,
  type RiskFlags,
  type RiskRule,
  type RiskRuleKind,
} from "./rules.js";
