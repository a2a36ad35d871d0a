import type { GateStatus } from "@vextrus/metrics";
import type { RiskLevel } from "@vextrus/risk";

/** The risk level from which a gate runs: a `standard` gate runs at standard, thorough and comprehensive. */
export type GateLevel = RiskLevel;

interface GateBase {
  /** Unique within a run; any text (it is never put on a command line). */
  name: string;
  level: GateLevel;
  /** Default: no limit. */
  timeout_seconds?: number;
}

/** A program run directly (no shell), as a process-group leader so that its whole tree can be stopped. */
export interface CommandGate extends GateBase {
  kind: "command";
  /** argv: the program, then its arguments, each passed verbatim. */
  command: string[];
  /** Relative to `RunGatesOptions.cwd`. */
  cwd?: string;
  /** Added to this process's environment. */
  env?: Record<string, string>;
}

export interface AgentGateSpec {
  /** The agent type, e.g. "security-sentinel". */
  type: string;
  prompt: string;
  /** A full model id or an alias; default: the runner's choice. */
  model?: string;
}

/** A review by a Claude agent, run by the injected `RunGatesOptions.runAgent`. */
export interface AgentGate extends GateBase {
  kind: "agent";
  agent: AgentGateSpec;
}

export type Gate = CommandGate | AgentGate;

// How a gate run ended: one definition, owned by @vextrus/metrics (which stores these results), so a recorded
// status and a run's status cannot drift apart.
export type { GateStatus };

export interface GateResult {
  name: string;
  status: GateStatus;
  /** The process's exit code; `null` for agent gates, gates that never started and processes ended by a signal. */
  exitCode: number | null;
  durationMs: number;
  /** The end of the combined stdout and stderr (or the agent's output): the last 40 lines, at most 8 KB. */
  outputTail: string;
  /** Why the gate did not pass, in one line. */
  error?: string;
  /**
   * Why a `skipped` gate never started: no `runAgent` was given for an agent gate, or the run was stopped
   * (cancelled, or failFast after another gate failed).
   */
  skipReason?: GateSkipReason;
}

export type GateSkipReason = "no-agent-runner" | "stopped";

export type GateEvent =
  | { type: "start"; gate: string; kind: Gate["kind"]; at: number }
  | {
      type: "output";
      gate: string;
      /** Whole lines of stdout and stderr as they arrived, newest last. */
      lines: string[];
      /** Lines since the previous output event that were left out to keep events small (the tail keeps the end). */
      omitted: number;
      at: number;
    }
  | { type: "end"; gate: string; result: GateResult; at: number };

export interface AgentGateOutcome {
  passed: boolean;
  output: string;
}

/**
 * Runs one agent gate. `signal` aborts on timeout, failFast or cancellation: the gate is reported then, without
 * waiting for the agent, so honour it to stop spending tokens.
 */
export type RunAgent = (gate: AgentGate, context: { signal: AbortSignal }) => Promise<AgentGateOutcome>;
