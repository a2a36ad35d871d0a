import { VextrusOrchestratorError } from "../errors.js";
import type { AgentRunner } from "../runner.js";
import type { AgentGate, AgentGateOutcome, RunAgent } from "./gate.js";

/**
 * The agent-gate protocol: the reviewer gets the gate's prompt, the verdict instruction and the diff (cut at
 * `AGENT_GATE_MAX_DIFF_CHARS`, so one huge change cannot blow the context window or the bill), and answers with
 * `PASS` or `FAIL` alone on its first line, then its findings.
 */
export const AGENT_GATE_MAX_DIFF_CHARS = 100_000;

/** The model of an agent gate whose spec names none: a review needs more than the cheapest model. */
export const DEFAULT_AGENT_GATE_MODEL = "sonnet";

export const AGENT_GATE_VERDICT_INSTRUCTION =
  "Answer with PASS or FAIL alone on the first line, then your findings.";

/** The first line's verdict; leading blanks and Markdown bold (`**PASS**`) allowed, any case, a whole word. */
const VERDICT = /^\s*\**(PASS|FAIL)\b/i;

export type AgentGateVerdict = "PASS" | "FAIL";

/**
 * The verdict a reviewer's output starts with, or undefined when it starts with neither (a broken protocol,
 * which a gate counts as not passed: only an explicit PASS lets a change through).
 */
export function parseAgentGateVerdict(output: string): AgentGateVerdict | undefined {
  const found = VERDICT.exec(output)?.[1];
  return found === undefined ? undefined : (found.toUpperCase() as AgentGateVerdict);
}

/** The diff as the reviewer sees it: whole up to `maxChars`, else its start and a line saying where it was cut. */
export function cutDiff(diff: string, maxChars: number = AGENT_GATE_MAX_DIFF_CHARS): string {
  if (!Number.isSafeInteger(maxChars) || maxChars < 1)
    throw new VextrusOrchestratorError(
      "CONFIG_INVALID",
      `maxDiffChars: expected a whole number of characters ≥ 1, got ${String(maxChars)}`,
    );
  return diff.length > maxChars ? `${diff.slice(0, maxChars)}\n… (diff cut at ${maxChars} characters)` : diff;
}

/** What an agent gate's reviewer is asked: its own prompt, the verdict instruction, the (cut) diff. */
export function agentGatePrompt(gatePrompt: string, shownDiff: string): string {
  return `${gatePrompt}\n\n${AGENT_GATE_VERDICT_INSTRUCTION}\n\n\`\`\`diff\n${shownDiff}\n\`\`\``;
}

export interface AgentGateRunnerOptions {
  runner: AgentRunner;
  /** The change under review, cut at `maxDiffChars` once for every gate. */
  diff: string;
  /** Default `DEFAULT_AGENT_GATE_MODEL`, for gates whose spec names no model. */
  defaultModel?: string;
  /** Default `AGENT_GATE_MAX_DIFF_CHARS`. */
  maxDiffChars?: number;
}

/** `runGates`' `runAgent` over an agent runner: each agent gate reviews the diff and passes on an explicit PASS. */
export function createAgentGateRunner(options: AgentGateRunnerOptions): RunAgent {
  const { runner } = options;
  const shown = cutDiff(options.diff, options.maxDiffChars);
  const defaultModel = options.defaultModel ?? DEFAULT_AGENT_GATE_MODEL;
  return async (gate: AgentGate, { signal }): Promise<AgentGateOutcome> => {
    const result = await runner.run({
      agent: gate.agent.type,
      model: gate.agent.model ?? defaultModel,
      prompt: agentGatePrompt(gate.agent.prompt, shown),
      signal,
    });
    return { passed: parseAgentGateVerdict(result.output) === "PASS", output: result.output };
  };
}
