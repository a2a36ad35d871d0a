import { agentCallEvents, agentEndEvents } from "./agent-run-events.js";
import type { CallLookup } from "./agent-run-store.js";
import { VextrusCostError } from "./errors.js";
import { LineType, type MessageView, view, Walk, walkLine } from "./line-walk.js";
import { DEFAULT_AGENT_TYPE, type TranscriptEvents, type UsageRecord } from "./records.js";
import { readUsageTokens } from "./usage.js";

export interface ScanContext {
  /** Path of the file, used in position keys of lines that carry no message id. */
  file: string;
  project: string;
  /** For a subagent transcript (`agent-<id>.jsonl`), the id from its name. */
  agentId: string | null;
  /** Offset in the file of `buf[start]`. */
  fileOffset: number;
  /**
   * `buf[end]` is the end of the file as listed. A last line without a newline that is one whole record is then
   * reported too (its requests, calls and links; not its run events, not as malformed) but not consumed: the caller
   * keeps the offset before it and reads it again once Claude Code ends it, and its request key makes it count once
   * (docs/transcripts.md, "How lines are read").
   */
  atEnd?: boolean;
  /**
   * For a read that starts after the file's first byte: the `Agent`/`Task` calls stored before it that have no tool
   * result yet. A tool result is then parsed only when it answers one of them or a call of this read; without this
   * lookup, every tool result of such a read is (its call may be in the bytes before).
   */
  openCalls?: CallLookup;
}

const NEWLINE = 0x0a;
// Every API usage object has it. A line holding it anywhere is read for usage even when its `usage` lacks it, as the
// JSON.parse reader before the walk did (docs/transcripts.md, "How lines are read").
const USAGE_KEY = Buffer.from('"output_tokens"');
// The JSON.parse reader also parsed the lines holding these (for subagent run ends): kept to count malformed lines
// as it did.
const END_KEYS = [USAGE_KEY, Buffer.from('"is_error":true'), Buffer.from("<task-notification>")];
const NOTIFICATION = Buffer.from("<task-notification>");

/**
 * What one file's scan knows across its chunks: the `Agent`/`Task` calls seen so far, whether it started at the
 * file's first byte (then a tool result can only end a run whose call it has seen: call and result are in one
 * conversation, one file), and else the calls before it still waiting for a result, when the caller knows them.
 */
interface FileScan {
  whole: boolean;
  calls: Set<string>;
  open: CallLookup | null;
}

const scans = new WeakMap<TranscriptEvents, FileScan>();

function fileScan(events: TranscriptEvents, ctx: ScanContext): FileScan {
  let scan = scans.get(events);
  if (!scan) {
    const whole = ctx.fileOffset === 0;
    scan = { whole, calls: new Set(), open: whole ? null : (ctx.openCalls ?? null) };
    scans.set(events, scan);
  }
  return scan;
}

/**
 * Scans the complete lines of `buf[start, end)` and reports what they hold to `events`.
 * Returns the index just past the last complete line: a trailing partial line is left for the next call
 * (it may still be being written). Pass the same `events` for every chunk of one file.
 */
export function scanTranscript(
  buf: Buffer,
  start: number,
  end: number,
  ctx: ScanContext,
  events: TranscriptEvents,
): number {
  const scan = events.agentRun ? fileScan(events, ctx) : null;
  const base = ctx.fileOffset - start;
  let pos = start;
  while (pos < end) {
    const nl = buf.indexOf(NEWLINE, pos);
    if (nl === -1 || nl >= end) break;
    readLine(buf, pos, nl, base + pos, ctx, events, scan);
    pos = nl + 1;
  }
  if (ctx.atEnd && pos < end) readLastLine(buf, pos, end, base + pos, ctx, events);
  return pos;
}

/**
 * The unterminated last line of a file: counted when it is a whole assistant or progress record, silently left when
 * it is half written (or anything else). What it reports is idempotent, since it is reported again once terminated:
 * requests by key, calls and links by id. Run events and malformed counts wait for the newline.
 */
function readLastLine(
  buf: Buffer,
  from: number,
  to: number,
  at: number,
  ctx: ScanContext,
  events: TranscriptEvents,
) {
  if (walkLine(buf, from, to) !== Walk.Done) return;
  if (view.type !== LineType.Assistant && view.type !== LineType.Progress) return;
  const quiet: TranscriptEvents = {
    usage: events.usage,
    agentCall: events.agentCall,
    agentLink: events.agentLink,
    malformed() {},
  };
  readLine(buf, from, to, at, ctx, quiet, null);
}

/** Whether `buf[from, to)` holds `key`; searches that span only (not on to the end of the read chunk). */
function has(buf: Buffer, from: number, to: number, key: Buffer): boolean {
  return buf.subarray(from, to).indexOf(key) !== -1;
}

function hasEndKey(buf: Buffer, from: number, to: number): boolean {
  for (const key of END_KEYS) if (has(buf, from, to, key)) return true;
  return false;
}

function isSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0d;
}

/** Blank, or starts with `{` and ends with `}`: a line the JSON.parse reader did not parse was not malformed. */
function looksLikeObject(buf: Buffer, from: number, to: number): boolean {
  let a = from;
  let b = to - 1;
  while (a <= b && isSpace(buf[a])) a++;
  while (b >= a && isSpace(buf[b])) b--;
  if (a > b) return true;
  return buf[a] === 0x7b && buf[b] === 0x7d;
}

function readLine(
  buf: Buffer,
  from: number,
  to: number,
  at: number,
  ctx: ScanContext,
  events: TranscriptEvents,
  scan: FileScan | null,
): void {
  // A user line is read past its `type` only when its first tool result may end a known run.
  const walk = walkLine(buf, from, to, scan !== null && (!scan.whole || scan.calls.size > 0));
  if (walk === Walk.Blank) return;
  if (walk === Walk.NotObject) {
    events.malformed(at, "not a JSON object");
    return;
  }
  if (walk === Walk.Invalid) {
    // Counted as before: a line with usage (or, for a run reader, a run's end) is invalid JSON; any other line
    // only when it does not even look like an object (a torn write).
    if (has(buf, from, to, USAGE_KEY) || (scan !== null && hasEndKey(buf, from, to)))
      events.malformed(at, "invalid JSON");
    else if (!looksLikeObject(buf, from, to)) events.malformed(at, "not a JSON object");
    return;
  }
  if (view.type === LineType.User) {
    if (scan !== null && mayEndRun(buf, scan)) reportRunEnds(buf, from, to, at, events);
    return;
  }
  if (walk !== Walk.Done) return;
  if (view.type === LineType.Assistant) {
    const message = view.message;
    if (!message.present || !wasRead(buf, from, to, message, scan)) return;
    if (scan !== null && message.calls.length > 0 && !reportRunCalls(buf, from, to, at, ctx, events, scan))
      return;
    reportAgentCalls(message, events);
    emit(
      message,
      view.requestId,
      view.timestamp,
      ctx,
      at,
      events,
      view.agentId ?? ctx.agentId,
      view.isSidechain,
    );
  } else if (view.type === LineType.Progress) {
    // A running subagent's messages are echoed in the parent's progress lines; some exist only there
    // (docs/transcripts.md, fact 2).
    const data = view.data;
    if (!data.present || !data.agentProgress) return;
    const wrapper = data.wrapper;
    const message = wrapper.message;
    if (!wasRead(buf, from, to, message, scan)) return;
    const agentId = data.agentId;
    const parentToolUseId = view.parentToolUseId;
    if (agentId && parentToolUseId) events.agentLink(agentId, parentToolUseId);
    if (!wrapper.present || !wrapper.assistant || !message.present) return;
    reportAgentCalls(message, events);
    const timestamp = wrapper.timestamp === undefined ? view.timestamp : wrapper.timestamp || null;
    emit(message, wrapper.requestId, timestamp, ctx, at, events, agentId ?? ctx.agentId, true);
  }
}

/**
 * Whether an assistant or progress line is read: its usage object has `output_tokens` (every API usage does), or the
 * line holds that key (or, for a run reader, an end key) elsewhere. The JSON.parse reader before the walk parsed
 * exactly those lines; a usage object without `output_tokens` is then counted with 0 output tokens.
 */
function wasRead(
  buf: Buffer,
  from: number,
  to: number,
  message: MessageView,
  scan: FileScan | null,
): boolean {
  if (message.present && message.usageHasOutput) return true;
  return has(buf, from, to, USAGE_KEY) || (scan !== null && hasEndKey(buf, from, to));
}

/** A line with `Agent`/`Task` calls (rare): their description and prompt come from a full parse. */
function reportRunCalls(
  buf: Buffer,
  from: number,
  to: number,
  at: number,
  ctx: ScanContext,
  events: TranscriptEvents,
  scan: FileScan,
): boolean {
  let line: Record<string, unknown>;
  try {
    line = JSON.parse(buf.toString("utf8", from, to));
  } catch {
    // The walk checks skipped values for nesting only; JSON.parse has the last word, as before.
    events.malformed(at, "invalid JSON");
    return false;
  }
  const calls = view.message.calls;
  for (let i = 0; i < calls.length; i += 2) scan.calls.add(calls[i] as string);
  for (const call of agentCallEvents(
    line.message as Record<string, unknown>,
    line,
    ctx.project,
    DEFAULT_AGENT_TYPE,
  ))
    events.agentRun?.(call);
  return true;
}

/**
 * Whether a user line may end a run: its first tool result answers a call this read has seen, or, read from the
 * middle, a call before it that still waits for its result (any call, when the caller did not say which wait), or
 * its text is a background run's notification.
 */
function mayEndRun(buf: Buffer, scan: FileScan): boolean {
  if (scan.whole && scan.calls.size === 0) return false;
  const user = view.user;
  const id = user.toolUseId;
  if (id !== null) return scan.calls.has(id) || (!scan.whole && (scan.open === null || scan.open.has(id)));
  if (user.textStart === -1) return false;
  if (has(buf, user.textStart, user.textEnd, NOTIFICATION)) return true;
  // Written with escapes, the tag is only found in the decoded text.
  const slash = buf.indexOf(0x5c, user.textStart);
  if (slash === -1 || slash >= user.textEnd) return false;
  return (JSON.parse(buf.toString("utf8", user.textStart, user.textEnd)) as string).includes(
    "<task-notification>",
  );
}

function reportRunEnds(buf: Buffer, from: number, to: number, at: number, events: TranscriptEvents): void {
  let line: unknown;
  try {
    line = JSON.parse(buf.toString("utf8", from, to));
  } catch {
    events.malformed(at, "invalid JSON");
    return;
  }
  if (typeof line !== "object" || line === null || Array.isArray(line)) return;
  for (const event of agentEndEvents(line as Record<string, unknown>)) events.agentRun?.(event);
}

function reportAgentCalls(message: MessageView, events: TranscriptEvents): void {
  const calls = message.calls;
  for (let i = 0; i < calls.length; i += 2)
    events.agentCall(calls[i] as string, calls[i + 1] || DEFAULT_AGENT_TYPE);
}

function emit(
  message: MessageView,
  requestId: string | null,
  timestamp: string | null,
  ctx: ScanContext,
  at: number,
  events: TranscriptEvents,
  agentId: string | null,
  sidechain: boolean,
): void {
  if (!message.hasUsage) return;
  // Every field in one literal, numbers as numbers: every record gets one shape, whatever its line held.
  const record: UsageRecord = {
    key: "",
    timestamp: "",
    sessionId: "",
    project: ctx.project,
    model: "",
    agentId,
    sidechain: sidechain || agentId !== null,
    input: 0,
    output: 0,
    cacheWrite5m: 0,
    cacheWrite1h: 0,
    cacheRead: 0,
    speed: null,
    geo: null,
    webSearches: 0,
  };
  try {
    readUsageTokens(message.usage, record);
  } catch (error) {
    if (!(error instanceof VextrusCostError)) throw error;
    events.malformed(at, error.detail);
    return;
  }
  if (!timestamp || !(isPlainUtcTime(timestamp) || !Number.isNaN(Date.parse(timestamp)))) {
    events.malformed(at, "missing or invalid timestamp");
    return;
  }
  const id = message.id || null;
  // Without a request id, lines of one message still share message.id (ccusage keys them the same way).
  record.key = id ? requestKey(id, requestId || "") : `@${ctx.file}:${at}`;
  record.timestamp = timestamp;
  record.sessionId = view.sessionId || "unknown";
  record.model = message.model || "unknown";
  events.usage(record);
}

// A streamed message's lines share its key: the walk hands out its ids as the same string objects (line-cursor.ts,
// recentString), so comparing them with the last ones is a pointer check, and the key is made and hashed once.
let lastId = "";
let lastRequestId = "";
let lastKey = "";

function requestKey(id: string, requestId: string): string {
  if (id !== lastId || requestId !== lastRequestId) {
    lastId = id;
    lastRequestId = requestId;
    lastKey = `${id}:${requestId}`;
  }
  return lastKey;
}

const digit = (s: string, i: number): number => {
  const d = s.charCodeAt(i) - 0x30;
  return d >= 0 && d <= 9 ? d : -100;
};
const two = (s: string, i: number): number => digit(s, i) * 10 + digit(s, i + 1);

/**
 * Whether `s` is `YYYY-MM-DDTHH:MM:SS.sssZ` with every field in a range Date.parse surely accepts (days up to 28):
 * Claude Code's timestamps, checked without Date.parse (~5% of the walk). Anything else is left to Date.parse.
 */
function isPlainUtcTime(s: string): boolean {
  if (s.length !== 24 || s.charCodeAt(23) !== 0x5a) return false;
  if (s[4] !== "-" || s[7] !== "-" || s[10] !== "T" || s[13] !== ":" || s[16] !== ":" || s[19] !== ".")
    return false;
  if (digit(s, 0) < 0 || digit(s, 1) < 0 || digit(s, 2) < 0 || digit(s, 3) < 0) return false;
  if (digit(s, 20) < 0 || digit(s, 21) < 0 || digit(s, 22) < 0) return false;
  const month = two(s, 5);
  const day = two(s, 8);
  const hour = two(s, 11);
  const minute = two(s, 14);
  const second = two(s, 17);
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= 28 &&
    hour >= 0 &&
    hour <= 23 &&
    minute >= 0 &&
    minute <= 59 &&
    second >= 0 &&
    second <= 59
  );
}
