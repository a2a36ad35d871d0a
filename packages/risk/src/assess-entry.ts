// `@vextrus/risk/assess`: a change's risk score and the diff parser, without the config parsers, so it loads
// without zod (~8 ms less for a short-lived process; the hooks size the working tree with it on every prompt).
export {
  assessChangeRisk,
  type RiskAssessment,
  type RiskInput,
  type RiskReason,
  type RiskStats,
} from "./assess.js";
export { type ChangeSize, changeSize } from "./change-size.js";
export { LEVEL_THRESHOLDS, levelForScore, RISK_LEVELS, type RiskLevel } from "./levels.js";
export { type FileChange, type FileStatus, type ParseDiffOptions, parseUnifiedDiff } from "./parse-diff.js";
