export type {
  AgentCallEvent,
  AgentEndEvent,
  AgentEndStatus,
  AgentRunEvent,
} from "./agent-run-events.js";
export type { AgentRunLog, AgentRunQuery, CallLookup } from "./agent-run-store.js";
export {
  type AgentRun,
  type AgentRunStatus,
  type AgentRunsResult,
  agentRuns,
  type PricedRequests,
  priceRunRequests,
  storedAgentRuns,
} from "./agent-runs.js";
export {
  type CostGroup,
  type CostGrouping,
  type CostReport,
  type ModelCost,
  type SummarizeOptions,
  summarizeUsage,
  type TokenTotals,
} from "./aggregate.js";
export {
  type ActiveBlockStatus,
  activeBlock,
  type BlockOptions,
  type BlockProjection,
  type BurnRate,
  blockBurnRate,
  blocksBetween,
  DEFAULT_BLOCK_HOURS,
  lastBlockStart,
  projectBlock,
  recentActiveBlock,
  recentBlocks,
  type UsageBlock,
  usageBlocks,
} from "./blocks.js";
export {
  type BudgetAlert,
  type BudgetOptions,
  type BudgetRecommendation,
  type BudgetStatus,
  budgetStatus,
} from "./budget.js";
export { isBudgetExceeded } from "./budget-rule.js";
// Config validation (zod) is its own entry, `@vextrus/cost/config`, so this one loads without zod.
export { type CostConfig, DEFAULT_COST_CONFIG } from "./config-defaults.js";
export {
  dayKeyFunction,
  LOCAL_TIME_ZONE,
  type LocalTime,
  localTime,
  parseDay,
  parseDayRange,
} from "./dates.js";
export { type CostErrorCode, VextrusCostError } from "./errors.js";
export {
  type AgentMetaFile,
  applyIngest,
  type FileReadResult,
  type IngestJob,
  type IngestPlan,
  type IngestResult,
  ingestTranscripts,
  planIngest,
  readTranscriptFile,
  type TranscriptFile,
  type TranscriptSource,
} from "./ingest.js";
export { createMemoryTranscriptSource } from "./memory-source.js";
export {
  formatUsd,
  PICO_PER_USD,
  type Pico,
  perMillionToPicoPerToken,
  picoToUsd,
  usdToPico,
} from "./money.js";
export { classifyTranscriptPath, claudeProjectFolderName, type TranscriptPathKind } from "./paths.js";
export {
  addDays,
  type DayPeriod,
  dayOf,
  daysBetween,
  isoWeekOf,
  isoWeekPeriod,
  isoWeeksInYear,
  monthOf,
  monthPeriod,
  type PeriodRequest,
  type ResolvedPeriod,
  resolvePeriod,
} from "./periods.js";
export {
  DEFAULT_PRICE_TABLE,
  type PriceTableData,
  type PriceTableEntry,
  type PriceTuple,
} from "./price-table.js";
export {
  costOfRequest,
  costOfRequestSmall,
  createPriceBook,
  type ModelPricing,
  normalizeModelId,
  type PriceBook,
  type PriceBookOptions,
  type PriceOverride,
  type PriceTier,
  type Rates,
  type RequestUsage,
  ratesFor,
  type TokenCounts,
} from "./pricing.js";
export { type Reconciliation, reconcileSession } from "./reconcile.js";
export {
  agentCategory,
  COMPACTION_AGENT,
  DEFAULT_AGENT_TYPE,
  isCompactionAgent,
  MAIN_AGENT,
  type TranscriptEvents,
  UNKNOWN_AGENT,
  type UsageRecord,
} from "./records.js";
export { type ModelRequest, type RepricedRun, repriceRequests } from "./reprice.js";
export {
  BAND_THRESHOLDS,
  type RollupDimension,
  type RollupQuery,
  type RollupRow,
  rollupRecords,
} from "./rollup.js";
export {
  type HourSpan,
  hourSpans,
  type RollupReportOptions,
  recordsView,
  reportFromRollups,
  storeView,
  type UsageView,
} from "./rollup-report.js";
export { type Spend, type SpendOptions, spendOf } from "./spend.js";
export {
  createMemoryUsageStore,
  type FileState,
  mergeRecords,
  type UsageQuery,
  type UsageStore,
} from "./store.js";
export { type ScanContext, scanTranscript } from "./transcript.js";
export { type TranscriptTurn, transcriptTurns } from "./turns.js";
export { type ApiUsage, usageTokens } from "./usage.js";
export { DEFAULT_WEEK_START, parseWeekDay, WEEK_DAYS, type WeekDay, weekStartKey } from "./weeks.js";
export {
  DEFAULT_FAMILY_MODELS,
  type FileEvent,
  fileEventsOf,
  type WhatIfPolicy,
  type WhatIfResult,
  type WhatIfRun,
  type WhatIfTotals,
  whatIf,
} from "./whatif.js";
