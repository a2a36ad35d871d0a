import { agentCallEvents, agentEndEvents } from "./agent-run-events.js";
import { VextrusCostError } from "./errors.js";
import { skimLine } from "./json-skim.js";
import type { RequestUsage } from "./pricing.js";
import { DEFAULT_AGENT_TYPE, type TranscriptEvents, type UsageRecord } from "./records.js";
import { usageTokens } from "./usage.js";

export interface ScanContext {
  /** Path of the file, used in position keys of lines that carry no message id. */
  file: string;
  project: string;
  /** For a subagent transcript (`agent-<id>.jsonl`), the id from its name. */
  agentId: string | null;
  /** Offset in the file of `buf[start]`. */
  fileOffset: number;
}

// An unescaped `"output_tokens"` can only be a key: inside JSON strings every quote is escaped. Every usage object
// has it, and it is long enough for a fast search. Lines without it (most bytes: tool results) are never decoded.
const USAGE_KEY = Buffer.from('"output_tokens"');
const NEWLINE = 0x0a;
// User lines that may end a subagent run, read only for a run reader (`events.agentRun`): a failed or interrupted
// tool result, a background run's launch and its notice (a completed run's result carries usage: USAGE_KEY).
const END_KEYS = [
  Buffer.from('"is_error":true'),
  Buffer.from('"async_launched"'),
  Buffer.from("<task-notification>"),
];

function hasEndKey(buf: Buffer, from: number, to: number): boolean {
  for (const key of END_KEYS) {
    const i = buf.indexOf(key, from);
    if (i !== -1 && i + key.length <= to) return true;
  }
  return false;
}

/**
 * Scans the complete lines of `buf[start, end)` and reports what they hold to `events`.
 * Returns the index just past the last complete line: a trailing partial line is left for the next call
 * (it may still be being written).
 */
export function scanTranscript(
  buf: Buffer,
  start: number,
  end: number,
  ctx: ScanContext,
  events: TranscriptEvents,
): number {
  const base = ctx.fileOffset - start;
  let pos = start;
  let hit = buf.indexOf(USAGE_KEY, start);
  while (pos < end) {
    const nl = buf.indexOf(NEWLINE, pos);
    if (nl === -1 || nl >= end) break;
    if (hit !== -1 && hit < nl) {
      parseLine(buf, pos, nl, base + pos, ctx, events);
      hit = buf.indexOf(USAGE_KEY, nl + 1);
    } else if (events.agentRun && hasEndKey(buf, pos, nl)) {
      parseLine(buf, pos, nl, base + pos, ctx, events);
    } else if (!looksLikeObject(buf, pos, nl)) {
      events.malformed(base + pos, "not a JSON object");
    }
    pos = nl + 1;
  }
  return pos;
}

function isSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0d;
}

/** Cheap check of a line we do not parse: blank, or starts with `{` and ends with `}`. Catches torn writes. */
function looksLikeObject(buf: Buffer, from: number, to: number): boolean {
  let a = from;
  let b = to - 1;
  while (a <= b && isSpace(buf[a])) a++;
  while (b >= a && isSpace(buf[b])) b--;
  if (a > b) return true;
  return buf[a] === 0x7b && buf[b] === 0x7d;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | null {
  return typeof value === "string" && value.length > 0 ? value : null;
}

function parseLine(
  buf: Buffer,
  from: number,
  to: number,
  at: number,
  ctx: ScanContext,
  events: TranscriptEvents,
): void {
  // A run reader needs a user line's tool results, which skimming cuts out.
  let line: unknown = events.agentRun && isUserLine(buf, from, to) ? undefined : skimLine(buf, from, to);
  if (line === undefined) {
    try {
      line = JSON.parse(buf.toString("utf8", from, to));
    } catch {
      events.malformed(at, "invalid JSON");
      return;
    }
  }
  if (!isObject(line)) {
    events.malformed(at, "not a JSON object");
    return;
  }
  if (line.type === "user") {
    if (events.agentRun) for (const event of agentEndEvents(line)) events.agentRun(event);
  } else if (line.type === "assistant") {
    const message = line.message;
    if (!isObject(message)) return;
    reportAgentCalls(message, events);
    if (events.agentRun)
      for (const call of agentCallEvents(message, line, ctx.project, DEFAULT_AGENT_TYPE))
        events.agentRun(call);
    emit(message, line.requestId, line, ctx, at, events, {
      agentId: str(line.agentId) ?? ctx.agentId,
      sidechain: line.isSidechain === true,
    });
  } else if (line.type === "progress") {
    // A running subagent's messages are echoed in the parent's progress lines; some exist only there
    // (docs/transcripts.md, fact 2).
    const data = line.data;
    if (!isObject(data) || data.type !== "agent_progress") return;
    const agentId = str(data.agentId);
    const parentToolUseId = str(line.parentToolUseID);
    if (agentId && parentToolUseId) events.agentLink(agentId, parentToolUseId);
    const wrapper = data.message;
    if (!isObject(wrapper) || wrapper.type !== "assistant" || !isObject(wrapper.message)) return;
    reportAgentCalls(wrapper.message, events);
    emit(
      wrapper.message,
      wrapper.requestId,
      { ...line, timestamp: wrapper.timestamp ?? line.timestamp },
      ctx,
      at,
      events,
      {
        agentId: agentId ?? ctx.agentId,
        sidechain: true,
      },
    );
  }
}

const USER_TYPE = Buffer.from('"type":"user"');

function isUserLine(buf: Buffer, from: number, to: number): boolean {
  const i = buf.indexOf(USER_TYPE, from);
  return i !== -1 && i < to;
}

function reportAgentCalls(message: Json, events: TranscriptEvents): void {
  const content = message.content;
  if (!Array.isArray(content)) return;
  for (const block of content) {
    if (!isObject(block) || block.type !== "tool_use") continue;
    if (block.name !== "Task" && block.name !== "Agent") continue;
    const id = str(block.id);
    if (!id) continue;
    const input = isObject(block.input) ? block.input : {};
    events.agentCall(id, str(input.subagent_type) ?? DEFAULT_AGENT_TYPE);
  }
}

function emit(
  message: Json,
  requestId: unknown,
  line: Json,
  ctx: ScanContext,
  at: number,
  events: TranscriptEvents,
  who: { agentId: string | null; sidechain: boolean },
): void {
  const raw = message.usage;
  if (!isObject(raw)) return;
  let usage: RequestUsage;
  try {
    usage = usageTokens(raw);
  } catch (error) {
    if (!(error instanceof VextrusCostError)) throw error;
    events.malformed(at, error.detail);
    return;
  }
  const timestamp = str(line.timestamp);
  if (!timestamp || Number.isNaN(Date.parse(timestamp))) {
    events.malformed(at, "missing or invalid timestamp");
    return;
  }
  const id = str(message.id);
  const req = str(requestId);
  const record: UsageRecord = {
    // Without a request id, lines of one message still share message.id (ccusage keys them the same way).
    key: id ? `${id}:${req ?? ""}` : `@${ctx.file}:${at}`,
    timestamp,
    sessionId: str(line.sessionId) ?? "unknown",
    project: ctx.project,
    model: str(message.model) ?? "unknown",
    agentId: who.agentId,
    sidechain: who.sidechain || who.agentId !== null,
    input: usage.input,
    output: usage.output,
    cacheWrite5m: usage.cacheWrite5m,
    cacheWrite1h: usage.cacheWrite1h,
    cacheRead: usage.cacheRead,
    speed: usage.speed ?? null,
    geo: usage.geo ?? null,
    webSearches: usage.webSearches ?? 0,
  };
  events.usage(record);
}
