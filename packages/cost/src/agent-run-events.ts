/**
 * What a transcript says about subagent runs beyond their requests: the `Agent`/`Task` call that started one, the
 * tool result that answered it, and, for a background run, the task notification that reported its end
 * (docs/transcripts.md, "Subagent runs"). Plain data: it crosses worker threads and is stored as is.
 */
export type AgentRunEvent = AgentCallEvent | AgentEndEvent;

export interface AgentCallEvent {
  kind: "call";
  toolUseId: string;
  /** `input.subagent_type`, or Claude Code's default when the call names none. */
  agentType: string;
  description: string;
  prompt: string;
  /** `input.model` when the caller pinned one (`haiku`, `sonnet`, …); null when Claude Code chose. */
  model: string | null;
  background: boolean;
  /** When the parent's message with the call was written: the run's start. */
  timestamp: string;
  sessionId: string;
  project: string;
}

/**
 * `result`: the call's tool result. `launched` for a background run (its end comes later), else how the run
 * ended. `notification`: a background run's `<task-notification>`, with the status it reports.
 */
export interface AgentEndEvent {
  kind: "result" | "notification";
  toolUseId: string;
  timestamp: string;
  status: AgentEndStatus;
  /** The subagent's id when the result names it (its transcript is `agent-<id>.jsonl`). */
  agentId: string | null;
  /** The duration Claude Code reported, when it did. */
  durationMs: number | null;
}

export type AgentEndStatus = "completed" | "launched" | "error" | "interrupted";

// Claude Code's text for a tool call the person stopped (the tool result is then marked is_error).
const INTERRUPTED = /\[Request interrupted by user/;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === "string" && v.length > 0 ? v : null);
const num = (v: unknown): number | null =>
  typeof v === "number" && Number.isFinite(v) && v >= 0 ? Math.round(v) : null;

function resultText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.map((b) => (isObject(b) && typeof b.text === "string" ? b.text : "")).join("\n");
}

/** The `Agent`/`Task` calls in an assistant message. */
export function agentCallEvents(
  message: Json,
  line: Json,
  project: string,
  defaultType: string,
): AgentCallEvent[] {
  const content = message.content;
  const timestamp = str(line.timestamp);
  if (!Array.isArray(content) || !timestamp) return [];
  const out: AgentCallEvent[] = [];
  for (const block of content) {
    if (!isObject(block) || block.type !== "tool_use") continue;
    if (block.name !== "Task" && block.name !== "Agent") continue;
    const toolUseId = str(block.id);
    if (!toolUseId) continue;
    const input = isObject(block.input) ? block.input : {};
    out.push({
      kind: "call",
      toolUseId,
      agentType: str(input.subagent_type) ?? defaultType,
      description: typeof input.description === "string" ? input.description : "",
      prompt: typeof input.prompt === "string" ? input.prompt : "",
      model: str(input.model),
      background: input.run_in_background === true,
      timestamp,
      sessionId: str(line.sessionId) ?? "unknown",
      project,
    });
  }
  return out;
}

/**
 * The tool results of a user line, each as an end event, and a task notification's end. Results of calls other
 * than `Agent`/`Task` are reported too (a line does not say which tool a result answers); the store keeps only
 * those of calls it knows.
 */
export function agentEndEvents(line: Json): AgentEndEvent[] {
  const timestamp = str(line.timestamp);
  const message = line.message;
  if (!timestamp || !isObject(message)) return [];
  const content = message.content;
  if (typeof content === "string") {
    const notice = taskNotification(content, timestamp);
    return notice ? [notice] : [];
  }
  if (!Array.isArray(content)) return [];
  const meta = isObject(line.toolUseResult) ? line.toolUseResult : {};
  const out: AgentEndEvent[] = [];
  for (const block of content) {
    if (!isObject(block) || block.type !== "tool_result") continue;
    const toolUseId = str(block.tool_use_id);
    if (!toolUseId) continue;
    let status: AgentEndStatus;
    if (block.is_error === true)
      status = INTERRUPTED.test(resultText(block.content)) ? "interrupted" : "error";
    else if (meta.status === "async_launched") status = "launched";
    else if (meta.status === undefined || meta.status === "completed") status = "completed";
    else status = "error";
    out.push({
      kind: "result",
      toolUseId,
      timestamp,
      status,
      agentId: str(meta.agentId),
      durationMs: num(meta.totalDurationMs),
    });
  }
  return out;
}

const tag = (text: string, name: string) => text.match(new RegExp(`<${name}>([^<]*)</${name}>`))?.[1];

function taskNotification(text: string, timestamp: string): AgentEndEvent | null {
  if (!text.includes("<task-notification>")) return null;
  const toolUseId = tag(text, "tool-use-id");
  if (!toolUseId) return null;
  const status = tag(text, "status");
  const duration = Number(tag(text, "duration_ms"));
  return {
    kind: "notification",
    toolUseId,
    timestamp,
    status: status === "completed" ? "completed" : status === "killed" ? "interrupted" : "error",
    agentId: tag(text, "task-id") ?? null,
    durationMs: Number.isFinite(duration) && duration >= 0 ? Math.round(duration) : null,
  };
}
