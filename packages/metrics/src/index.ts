// The pure rules of @vextrus/metrics: records, aggregation, summaries and suggestions, with no I/O and the clock
// passed in. The SQLite store is `@vextrus/metrics/node`.
export {
  type AgentDayAggregate,
  aggregateRecords,
  type FailureModeAggregate,
  type GateAggregate,
  type GateQuery,
  type InvocationQuery,
  type LatencyAggregate,
  type MetricsAggregate,
  type ModelAggregate,
  nearestRank,
} from "./aggregate.js";
export { SUCCESS_BUCKETS, type SuccessBucket, successBucket } from "./buckets.js";
export { type MetricsErrorCode, VextrusMetricsError } from "./errors.js";
export { type MergedHistory, mergeInvocations, runInvocation, withTranscriptRuns } from "./history.js";
export {
  GATE_STATUSES,
  type GateRecord,
  type GateStatus,
  gateSchema,
  type InvocationInput,
  type InvocationRecord,
  invocationSchema,
  type StartKind,
  toInvocationRecord,
  validateGateRecords,
  validateInvocations,
} from "./records.js";
export {
  createMemorySavingsStore,
  formatSavedTime,
  NO_SAVINGS,
  SAVING_KINDS,
  type SavingKind,
  type SavingRecord,
  type SavingsQuery,
  type SavingsStore,
  type SavingsSummary,
  savingSchema,
  savingsSentence,
  summarizeSavings,
  validateSavings,
} from "./savings.js";
export { createMemoryMetricsStore, type MetricsStore } from "./store.js";
export {
  type CostSummaryInput,
  DEFAULT_SUGGESTION_THRESHOLDS,
  isPremiumModel,
  type Suggestion,
  type SuggestionConfig,
  type SuggestionPriority,
  type SuggestionThresholds,
  type SuggestionType,
  suggestOptimizations,
} from "./suggestions.js";
export {
  type AgentSummary,
  type DailyPoint,
  type GateSummary,
  type LatencyStats,
  type MetricsSource,
  type MetricsSummary,
  type SummaryOptions,
  summarizeAgents,
} from "./summary.js";
export { DEFAULT_TREND, successTrend, type Trend, type TrendDirection, type TrendOptions } from "./trend.js";
export { type MetricsWindow, metricsRange, metricsWindow } from "./window.js";
