export { type PatternsErrorCode, VextrusPatternsError } from "./errors.js";
export {
  type AgentSequencePattern,
  DEFAULT_PATTERN_THRESHOLDS,
  type DurationSummary,
  type ExtractOptions,
  extractPatterns,
  type GateUsage,
  type PatternThresholds,
  type TaskPatterns,
} from "./extract.js";
export {
  formatTaskLine,
  type ParseHistoryOptions,
  parseTaskHistory,
  type SkippedLine,
  type TaskHistory,
} from "./history.js";
export {
  createPatternIndex,
  DEFAULT_INDEX_SETTINGS,
  type Field,
  type IndexOptions,
  type IndexSettings,
  type PatternIndex,
} from "./pattern-index.js";
export {
  DEFAULT_PREWARM_OPTIONS,
  nearestDocs,
  type PrewarmHints,
  type PrewarmOptions,
  prewarmHints,
} from "./prewarm.js";
export {
  DEFAULT_RECOMMEND_OPTIONS,
  type MatchedTerm,
  type NoSimilarTasks,
  type Recommendation,
  type Recommended,
  type RecommendOptions,
  recommendApproach,
  type TaskMatch,
} from "./recommend.js";
export { type AgentRun, assertTask, type FinishedTask, type TaskQuery } from "./task.js";
export { PATH_STOP_WORDS, STOP_WORDS, stem, type Token, tokenize, tokenizePath } from "./tokenize.js";
export { type TurnFacts, tasksFromTurns } from "./transcript-tasks.js";
