// The JSON.parse reader the byte walk (src/transcript.ts) replaced, kept for the differential test only: every
// line with usage (or a subagent run's end) parsed whole. Not part of the package.
import { agentCallEvents, agentEndEvents } from "../src/agent-run-events.js";
import { VextrusCostError } from "../src/errors.js";
import type { RequestUsage } from "../src/pricing.js";
import { DEFAULT_AGENT_TYPE, type TranscriptEvents, type UsageRecord } from "../src/records.js";
import type { ScanContext } from "../src/transcript.js";
import { usageTokens } from "../src/usage.js";

// An unescaped `"output_tokens"` can only be a key: inside JSON strings every quote is escaped. Every usage object
// has it, and it is long enough for a fast search. Lines without it (most bytes: tool results) are never decoded.
const USAGE_KEY = Buffer.from('"output_tokens"');
const NEWLINE = 0x0a;
// Lines that end a subagent run without usage: a failed or interrupted tool result, a background run's notice.
// (A completed foreground run's result carries its usage, so USAGE_KEY finds it.)
const END_KEYS = [Buffer.from('"is_error":true'), Buffer.from("<task-notification>")];

function nextEnd(buf: Buffer, from: number, keys: number[]): number {
  let min = -1;
  for (let i = 0; i < END_KEYS.length; i++) {
    if ((keys[i] as number) !== -1 && (keys[i] as number) < from)
      keys[i] = buf.indexOf(END_KEYS[i] as Buffer, from);
    const k = keys[i] as number;
    if (k !== -1 && (min === -1 || k < min)) min = k;
  }
  return min;
}

/**
 * Scans the complete lines of `buf[start, end)` and reports what they hold to `events`.
 * Returns the index just past the last complete line: a trailing partial line is left for the next call
 * (it may still be being written).
 */
export function scanTranscriptJsonParse(
  buf: Buffer,
  start: number,
  end: number,
  ctx: ScanContext,
  events: TranscriptEvents,
): number {
  const base = ctx.fileOffset - start;
  let pos = start;
  let hit = buf.indexOf(USAGE_KEY, start);
  // Only a reader that wants run ends pays for finding them.
  const endKeys = events.agentRun ? END_KEYS.map((k) => buf.indexOf(k, start)) : [];
  let endHit = events.agentRun ? nextEnd(buf, start, endKeys) : -1;
  while (pos < end) {
    const nl = buf.indexOf(NEWLINE, pos);
    if (nl === -1 || nl >= end) break;
    if (hit !== -1 && hit < nl) {
      parseLine(buf, pos, nl, base + pos, ctx, events);
      hit = buf.indexOf(USAGE_KEY, nl + 1);
      if (endHit !== -1 && endHit < nl) endHit = nextEnd(buf, nl + 1, endKeys);
    } else if (endHit !== -1 && endHit < nl) {
      parseLine(buf, pos, nl, base + pos, ctx, events);
      endHit = nextEnd(buf, nl + 1, endKeys);
    } else if (!looksLikeObject(buf, pos, nl)) {
      events.malformed(base + pos, "not a JSON object");
    }
    pos = nl + 1;
  }
  if (ctx.atEnd && pos < end) parseLastLine(buf, pos, end, base + pos, ctx, events);
  return pos;
}

/**
 * Added with ScanContext.atEnd (not in the reader the walk replaced): the file's unterminated last line, counted when
 * it parses as a whole assistant or progress record with usage; left unconsumed, with no malformed count or run event.
 */
function parseLastLine(
  buf: Buffer,
  from: number,
  to: number,
  at: number,
  ctx: ScanContext,
  events: TranscriptEvents,
) {
  if (buf.subarray(from, to).indexOf(USAGE_KEY) === -1) return;
  let line: unknown;
  try {
    line = JSON.parse(buf.toString("utf8", from, to));
  } catch {
    return;
  }
  if (!isObject(line) || (line.type !== "assistant" && line.type !== "progress")) return;
  const { usage, agentCall, agentLink } = events;
  parseLine(buf, from, to, at, ctx, { usage, agentCall, agentLink, malformed() {} });
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
  // (It parsed a skimmed copy without `content` first; a full parse is what that stood for.)
  let line: unknown;
  try {
    line = JSON.parse(buf.toString("utf8", from, to));
  } catch {
    events.malformed(at, "invalid JSON");
    return;
  }
  if (!isObject(line)) {
    events.malformed(at, "not a JSON object");
    return;
  }
  if (line.type === "user") {
    if (events.agentRun) for (const event of agentEndEvents(line)) events.agentRun(event);
    return;
  }
  if (line.type === "assistant") {
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
