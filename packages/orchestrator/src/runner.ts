import type { TokenCounts } from "@vextrus/cost";
/** Token counts of one agent run, by kind: `@vextrus/cost`'s TokenCounts, priced by its `costOfRequest`. */
export type AgentUsage = TokenCounts;

export interface AgentRunRequest {
  /** The agent type (e.g. "code-reviewer"), for accounting and the system prompt. */
  agent: string;
  /** A full model id, or an alias in MODEL_ALIASES. */
  model: string;
  prompt: string;
  system?: string;
  maxTokens?: number;
  signal?: AbortSignal;
}

export interface AgentRunResult {
  output: string;
  usage: AgentUsage;
  durationMs: number;
  /** The model that actually answered (a full id). */
  model: string;
}

/**
 * Something that runs one agent turn: the Messages API (`createAnthropicSdkRunner`), headless Claude Code
 * (`createClaudeCliRunner`), or a simulation with fixed latencies (`createSimulatedRunner`). Factories returning
 * plain objects, in the unstorage manner.
 */
export interface AgentRunner {
  readonly name: string;
  run(request: AgentRunRequest): Promise<AgentRunResult>;
}

/** Claude Code's own aliases (bundled catalog of 2.1.332): what `model: "sonnet"` means today. */
export const MODEL_ALIASES: Readonly<Record<string, string>> = Object.freeze({
  haiku: "claude-haiku-5-5",
  sonnet: "claude-sonnet-5-5",
  opus: "claude-opus-5-5",
  fable: "claude-fable-5-2",
});

export function resolveModel(model: string): string {
  return MODEL_ALIASES[model] ?? model;
}

export const ZERO_USAGE: Readonly<AgentUsage> = Object.freeze({
  input: 0,
  output: 0,
  cacheWrite5m: 0,
  cacheWrite1h: 0,
  cacheRead: 0,
});
