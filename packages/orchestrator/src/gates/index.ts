export {
  AGENT_GATE_MAX_DIFF_CHARS,
  AGENT_GATE_VERDICT_INSTRUCTION,
  type AgentGateRunnerOptions,
  type AgentGateVerdict,
  agentGatePrompt,
  createAgentGateRunner,
  cutDiff,
  DEFAULT_AGENT_GATE_MODEL,
  parseAgentGateVerdict,
} from "./agent-verdict.js";
export {
  type GateNotRun,
  type GateRunJudgement,
  type GateRunVerdict,
  type JudgeGateRunInput,
  judgeGateRun,
} from "./completeness.js";
export {
  ARGV_EXPECTED,
  gateEntrySchema,
  gatesConfigSchema,
  type ParsedGatesConfig,
  parseGatesConfig,
  validateGates,
} from "./config.js";
export {
  DEFAULT_GATE_TIMEOUT_SECONDS,
  type DefaultGatesInput,
  defaultGates,
  LOCKFILES,
  type PackageManager,
  packageManagerFromLockfiles,
  SCRIPT_GATES,
} from "./defaults.js";
export { type GateMinutesEstimate, gateMinutesFromHistory, type RecordedGateDuration } from "./estimate.js";
export type {
  AgentGate,
  AgentGateOutcome,
  AgentGateSpec,
  CommandGate,
  Gate,
  GateEvent,
  GateLevel,
  GateResult,
  GateSkipReason,
  GateStatus,
  RunAgent,
} from "./gate.js";
export { type GateRunPlan, type GateStage, planGateRun, runGatePlan, STAGE_LEVELS } from "./plan.js";
export {
  type GroupTermination,
  KILL_GRACE_MS,
  processGroupAlive,
  terminateProcessGroup,
} from "./process-group.js";
export { type RunGatesOptions, runGates } from "./run-gates.js";
