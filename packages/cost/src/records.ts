import type { AgentRunEvent } from "./agent-run-events.js";
import type { RequestUsage } from "./pricing.js";

/** One billed API request, counted once however many transcript lines or files repeat it. */
export interface UsageRecord extends RequestUsage {
  /** `message.id:requestId`; a position key (`@file:offset`) when a line lacks them, so it is still counted once. */
  key: string;
  /** ISO 8601 timestamp of the line. */
  timestamp: string;
  sessionId: string;
  /** The folder under `projects/` that holds the transcript (Claude Code's encoding of the project path). */
  project: string;
  model: string;
  /** The subagent that made the request, or null for the main thread. */
  agentId: string | null;
  sidechain: boolean;
}

/** What a transcript tells besides usage: which subagent type each Task/Agent call started. */
export interface TranscriptEvents {
  usage(record: UsageRecord): void;
  /** A `Task`/`Agent` tool_use block: its id and `input.subagent_type`. */
  agentCall(toolUseId: string, agentType: string): void;
  /** A progress line tying a running subagent to the tool call that started it. */
  agentLink(agentId: string, toolUseId: string): void;
  /** An `Agent`/`Task` call, its tool result or a background run's notification; read only when this is set. */
  agentRun?(event: AgentRunEvent): void;
  /** A line that is not one JSON object, or whose usage fields have the wrong types. */
  malformed(fileOffset: number, reason: string): void;
}

/** Subagent type used when a Task/Agent call names none (Claude Code's default). */
export const DEFAULT_AGENT_TYPE = "general-purpose";
/** Category of requests made by the main conversation rather than a subagent. */
export const MAIN_AGENT = "main";
/** Category of subagent requests whose type could not be recovered. */
export const UNKNOWN_AGENT = "unknown-subagent";

/** Category of context compaction runs (`agent-acompact-<id>.jsonl`): real cost, but no agent a user chose. */
export const COMPACTION_AGENT = "compaction";

/** Whether an agent id is a compaction run's (docs/transcripts.md, "Compaction runs"). */
export function isCompactionAgent(agentId: string): boolean {
  return agentId.startsWith("acompact");
}

/** The agent category of a record, given what is known about agent ids. */
export function agentCategory(
  record: Pick<UsageRecord, "agentId" | "sidechain">,
  agentTypes: ReadonlyMap<string, string>,
): string {
  if (record.agentId) {
    if (isCompactionAgent(record.agentId)) return COMPACTION_AGENT;
    return agentTypes.get(record.agentId) ?? UNKNOWN_AGENT;
  }
  return record.sidechain ? UNKNOWN_AGENT : MAIN_AGENT;
}
