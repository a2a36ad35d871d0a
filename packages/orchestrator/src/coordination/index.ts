// The agent-coordination surface of @vextrus/orchestrator; src/index.ts re-exports it.
export { type CascadeOptions, type CascadeResult, runCascade } from "./cascade.js";
export {
  type HierarchyEvent,
  type HierarchyOptions,
  type HierarchyResult,
  integrationPrompt,
  type NodeResult,
  type NodeRun,
  type NodeStatus,
  runHierarchy,
} from "./hierarchy.js";
export { createLimiter, type Limiter, type LimiterRunOptions } from "./limiter.js";
export {
  chooseModel,
  DEFAULT_TIER_MODELS,
  ladderFor,
  type ModelChoice,
  type Rung,
  type TierModels,
} from "./model-ladder.js";
export {
  mapStage,
  type PipelineOptions,
  type PipelineSource,
  type PipelineStage,
  type PipelineStageContext,
  pipeline,
} from "./pipeline.js";
export { type PlanNode, validatePlan } from "./plan.js";
export { buildReviewPrompt, parseReview, type ReviewVerdict } from "./review-protocol.js";
export {
  createSpeculator,
  type ReviewOutcome,
  type SpeculationOutcome,
  type SpeculationTask,
  type Speculator,
  type SpeculatorOptions,
  type SpeculatorStats,
} from "./speculator.js";
