// One walk over the bytes of a transcript line, keeping only what the cost ingest reads (docs/transcripts.md):
// no JSON.parse, no string for a value it skips, and it stops at a `type` that is neither assistant nor progress
// (a user line's tool results are most of a transcript's bytes). Values are kept in reused objects: the caller
// reads them before the next line.
import {
  BACKSLASH,
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  decodeString,
  decodeValue,
  lastStringPlain,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
  quoted,
  skipSpace,
  skipString,
  skipValue,
  stringIs,
} from "./json-bytes.js";
import type { ApiUsage } from "./usage.js";

/** A line's `type`: None when it has no `type` key (yet); Other for any other type or a type that is no string. */
export const LineType = { None: 0, Assistant: 1, Progress: 2, User: 3, Other: 4 } as const;
export type LineType = (typeof LineType)[keyof typeof LineType];

/**
 * How a walk ended. Done: the line is one whole object, read to its end. Stopped: its `type` is neither assistant
 * nor progress, and nothing after it was read. NotObject: the first byte is not `{`. Invalid: the bytes end before
 * the object does, or are not JSON. Blank: only spaces.
 */
export const Walk = { Done: 0, Stopped: 1, NotObject: 2, Invalid: 3, Blank: 4 } as const;
export type Walk = (typeof Walk)[keyof typeof Walk];

/** A `message` object: Claude Code's copy of the API response. */
export interface MessageView {
  present: boolean;
  id: string | null;
  model: string | null;
  /** `usage` was an object. */
  hasUsage: boolean;
  /** It held `output_tokens` (every API usage object does). */
  usageHasOutput: boolean;
  usage: ApiUsage;
  /** `Task`/`Agent` tool_use blocks in `content`: tool use id, then subagent type (null when not named). */
  calls: Array<string | null>;
  /** The objects `usage.cache_creation` and `usage.server_tool_use` are read into, reused line after line. */
  nested: { split: Record<string, unknown>; tools: Record<string, unknown> };
}

export interface LineView {
  type: LineType;
  message: MessageView;
  requestId: string | null;
  timestamp: string | null;
  sessionId: string | null;
  agentId: string | null;
  isSidechain: boolean;
  parentToolUseId: string | null;
  /**
   * Of a user line, walked only when asked (walkLine's `user`): the first content block's `tool_use_id`, or the span
   * of `message.content` when it is one string (quotes included; -1 when not).
   */
  user: { toolUseId: string | null; textStart: number; textEnd: number };
  /** `data` of a progress line. */
  data: {
    present: boolean;
    agentProgress: boolean;
    agentId: string | null;
    /** `data.message`: the echoed line. */
    wrapper: {
      present: boolean;
      assistant: boolean;
      /** undefined when absent or null (the line's own timestamp then applies); "" when not a string. */
      timestamp: string | undefined;
      requestId: string | null;
      message: MessageView;
    };
  };
}

function messageView(): MessageView {
  const usage: ApiUsage = {};
  const nested = {
    split: { ephemeral_1h_input_tokens: undefined },
    tools: { web_search_requests: undefined },
  };
  return {
    present: false,
    id: null,
    model: null,
    hasUsage: false,
    usageHasOutput: false,
    usage,
    calls: [],
    nested,
  };
}

/** The scratch view every walk fills; one per thread. */
export const view: LineView = {
  type: LineType.None,
  message: messageView(),
  requestId: null,
  timestamp: null,
  sessionId: null,
  agentId: null,
  isSidechain: false,
  parentToolUseId: null,
  user: { toolUseId: null, textStart: -1, textEnd: -1 },
  data: {
    present: false,
    agentProgress: false,
    agentId: null,
    wrapper: {
      present: false,
      assistant: false,
      timestamp: undefined,
      requestId: null,
      message: messageView(),
    },
  },
};

function resetMessage(m: MessageView): void {
  m.present = false;
  m.id = null;
  m.model = null;
  m.hasUsage = false;
  m.usageHasOutput = false;
  // Setting an array's length goes through the runtime even when it is already 0 (twice per line, most lines).
  if (m.calls.length !== 0) m.calls.length = 0;
}

function reset(): void {
  view.type = LineType.None;
  resetMessage(view.message);
  view.requestId = null;
  view.timestamp = null;
  view.sessionId = null;
  view.agentId = null;
  view.isSidechain = false;
  view.parentToolUseId = null;
  view.user.toolUseId = null;
  view.user.textStart = -1;
  view.user.textEnd = -1;
  resetData(view.data);
}

function resetData(d: LineView["data"]): void {
  d.present = false;
  d.agentProgress = false;
  d.agentId = null;
  resetWrapper(d.wrapper);
}

function resetWrapper(w: LineView["data"]["wrapper"]): void {
  w.present = false;
  w.assistant = false;
  w.timestamp = undefined;
  w.requestId = null;
  resetMessage(w.message);
}

const K = {
  type: quoted("type"),
  message: quoted("message"),
  requestId: quoted("requestId"),
  timestamp: quoted("timestamp"),
  sessionId: quoted("sessionId"),
  agentId: quoted("agentId"),
  isSidechain: quoted("isSidechain"),
  parentToolUseID: quoted("parentToolUseID"),
  data: quoted("data"),
  id: quoted("id"),
  model: quoted("model"),
  usage: quoted("usage"),
  content: quoted("content"),
  name: quoted("name"),
  input: quoted("input"),
  subagentType: quoted("subagent_type"),
  toolUseId: quoted("tool_use_id"),
  inputTokens: quoted("input_tokens"),
  outputTokens: quoted("output_tokens"),
  cacheWrite: quoted("cache_creation_input_tokens"),
  cacheRead: quoted("cache_read_input_tokens"),
  cacheSplit: quoted("cache_creation"),
  oneHour: quoted("ephemeral_1h_input_tokens"),
  serverTools: quoted("server_tool_use"),
  webSearches: quoted("web_search_requests"),
  speed: quoted("speed"),
  geo: quoted("inference_geo"),
};
const V = {
  assistant: quoted("assistant"),
  progress: quoted("progress"),
  user: quoted("user"),
  agentProgress: quoted("agent_progress"),
  toolUse: quoted("tool_use"),
  task: quoted("Task"),
  agent: quoted("Agent"),
  true: Buffer.from("true"),
  null: Buffer.from("null"),
};

// The walk's position and input: module state, so the helpers return only what they found.
let b: Buffer = Buffer.alloc(0);
let end = 0;
let at = 0;

/** Thrown (one preallocated value) when the bytes are not JSON; caught by walkLine. */
const INVALID = new Error("invalid JSON");

function fail(): never {
  throw INVALID;
}

function expect(byte: number): void {
  at = skipSpace(b, at, end);
  if (b[at] !== byte) fail();
  at++;
}

/** Moves past one value (after any space); returns its start. */
function skip(): number {
  at = skipSpace(b, at, end);
  const start = at;
  const next = skipValue(b, at, end);
  if (next === -1) fail();
  at = next;
  return start;
}

/** The next value if it is a string (decoded), else null after skipping it. */
function stringOrNull(): string | null {
  const start = skip();
  if (b[start] !== QUOTE) return null;
  return lastStringPlain() ? b.toString("utf8", start + 1, at - 1) : decodeString(b, start, at);
}

/**
 * The last string a field held, with its bytes. Ids, the model and the session repeat from line to line (a streamed
 * message's lines share its id and request id): comparing ~30 bytes is cheaper than a new string, and a repeated
 * string is one object, whose hash a Map computes once.
 */
interface Recent {
  bytes: Buffer;
  length: number;
  value: string | null;
}

function recent(): Recent {
  return { bytes: Buffer.alloc(64), length: -1, value: null };
}

/** stringOrNull, returning the field's last string when the bytes are the same. */
function recentString(r: Recent): string | null {
  const start = skip();
  if (b[start] !== QUOTE) return null;
  // Only a string known to hold no escape is kept: its bytes are its text.
  if (!lastStringPlain()) return decodeString(b, start, at);
  const from = start + 1;
  const length = at - 1 - from;
  if (length === r.length) {
    const bytes = r.bytes;
    let k = 0;
    while (k < length && b[from + k] === bytes[k]) k++;
    if (k === length) return r.value;
  }
  const value = b.toString("utf8", from, at - 1);
  if (length <= r.bytes.length) {
    b.copy(r.bytes, 0, from, at - 1);
    r.length = length;
    r.value = value;
  }
  return value;
}

const RECENT = {
  id: recent(),
  model: recent(),
  requestId: recent(),
  sessionId: recent(),
  agentId: recent(),
};

/**
 * Whether the string `b[open, close)` is `literal` once decoded. Claude Code writes these values plainly; a value
 * written with escapes (`"assist\u0061nt"`) is the same string to JSON.parse, so it is decoded and compared.
 */
function valueIs(open: number, close: number, literal: Uint8Array): boolean {
  if (stringIs(b, open, close, literal)) return true;
  if (close - open <= literal.length || close - open > 6 * literal.length || !hasBackslash(open, close))
    return false;
  return quoted(decodeString(b, open, close)).equals(literal);
}

function hasBackslash(open: number, close: number): boolean {
  for (let k = open + 1; k < close - 1; k++) if (b[k] === BACKSLASH) return true;
  return false;
}

// The bytes member functions compare keys in: the line itself, or for a key written with escapes, its plain form.
let kb: Buffer = Buffer.alloc(0);

function isKey(ks: number, ke: number, literal: Uint8Array): boolean {
  return stringIs(kb, ks, ke, literal);
}

/** Whether the next value is exactly the string `literal` (which must need no escaping). */
function stringEquals(literal: Uint8Array): boolean {
  const start = skip();
  return b[start] === QUOTE && valueIs(start, at, literal);
}

function literalIs(start: number, literal: Uint8Array): boolean {
  if (at - start !== literal.length) return false;
  for (let k = 0; k < literal.length; k++) if (b[start + k] !== literal[k]) return false;
  return true;
}

/**
 * Walks the members of the object whose `{` is next, calling `member` with each key's span; `member` must consume
 * the value (and may return true to stop the walk: the rest of the object is not read).
 */
function object(member: (keyStart: number, keyEnd: number) => boolean | undefined): boolean {
  expect(OPEN_BRACE);
  at = skipSpace(b, at, end);
  if (b[at] === CLOSE_BRACE) {
    at++;
    return false;
  }
  for (;;) {
    at = skipSpace(b, at, end);
    if (b[at] !== QUOTE) fail();
    const keyStart = at;
    at = skipString(b, at, end);
    if (at === -1) fail();
    const keyEnd = at;
    expect(COLON);
    if (!lastStringPlain() && hasBackslash(keyStart, keyEnd)) {
      kb = quoted(decodeString(b, keyStart, keyEnd));
      if (member(0, kb.length)) return true;
    } else {
      kb = b;
      if (member(keyStart, keyEnd)) return true;
    }
    at = skipSpace(b, at, end);
    const c = b[at];
    at++;
    if (c === COMMA) continue;
    if (c === CLOSE_BRACE) return false;
    fail();
  }
}

/** Walks the elements of the array whose `[` is next. */
function array(element: () => void): void {
  expect(OPEN_BRACKET);
  at = skipSpace(b, at, end);
  if (b[at] === CLOSE_BRACKET) {
    at++;
    return;
  }
  for (;;) {
    element();
    at = skipSpace(b, at, end);
    const c = b[at];
    at++;
    if (c === COMMA) continue;
    if (c === CLOSE_BRACKET) return;
    fail();
  }
}

function peek(): number | undefined {
  at = skipSpace(b, at, end);
  return b[at];
}

/** A count as JSON.parse would give it (a plain integer without a string; anything else parsed for the error). */
function countValue(): unknown {
  const start = skip();
  return decodeValue(b, start, at);
}

let usageHasOutput = false;

function usageMember(ks: number, ke: number): undefined {
  const u = currentUsage;
  if (isKey(ks, ke, K.inputTokens)) u.input_tokens = countValue();
  else if (isKey(ks, ke, K.outputTokens)) {
    u.output_tokens = countValue();
    // Only the plain bytes count: the line is then read as the JSON.parse reader read it (transcript.ts, wasRead).
    if (kb === b) usageHasOutput = true;
  } else if (isKey(ks, ke, K.cacheWrite)) u.cache_creation_input_tokens = countValue();
  else if (isKey(ks, ke, K.cacheRead)) u.cache_read_input_tokens = countValue();
  else if (isKey(ks, ke, K.cacheSplit))
    u.cache_creation = nestedCount(K.oneHour, "ephemeral_1h_input_tokens", currentNested.split);
  else if (isKey(ks, ke, K.serverTools))
    u.server_tool_use = nestedCount(K.webSearches, "web_search_requests", currentNested.tools);
  else if (isKey(ks, ke, K.speed)) u.speed = stringOrNull() ?? undefined;
  else if (isKey(ks, ke, K.geo)) u.inference_geo = stringOrNull() ?? undefined;
  else skip();
  return undefined;
}

/**
 * An object value holding one count we read (`{ [field]: count }`, read into `out`), or undefined when the value is
 * no object.
 */
function nestedCount(
  key: Uint8Array,
  field: string,
  out: Record<string, unknown>,
): Record<string, unknown> | undefined {
  if (peek() !== OPEN_BRACE) {
    skip();
    return undefined;
  }
  out[field] = undefined;
  nestedKey = key;
  nestedField = field;
  nestedOut = out;
  object(nestedMember);
  return out;
}

// What nestedMember reads: module state rather than a closure made per usage line.
let nestedKey: Uint8Array = K.oneHour;
let nestedField = "";
let nestedOut: Record<string, unknown> = {};

function nestedMember(ks: number, ke: number): undefined {
  if (isKey(ks, ke, nestedKey)) nestedOut[nestedField] = countValue();
  else skip();
  return undefined;
}

let currentUsage: ApiUsage = {};
let currentNested: MessageView["nested"] = view.message.nested;

function readUsage(m: MessageView): void {
  m.hasUsage = false;
  m.usageHasOutput = false;
  if (peek() !== OPEN_BRACE) {
    skip();
    return;
  }
  const u = m.usage;
  u.input_tokens = undefined;
  u.output_tokens = undefined;
  u.cache_creation_input_tokens = undefined;
  u.cache_read_input_tokens = undefined;
  u.cache_creation = undefined;
  u.server_tool_use = undefined;
  u.speed = undefined;
  u.inference_geo = undefined;
  currentUsage = u;
  currentNested = m.nested;
  usageHasOutput = false;
  object(usageMember);
  m.hasUsage = true;
  m.usageHasOutput = usageHasOutput;
}

// A content block: only `Task`/`Agent` tool_use blocks matter (their id and input.subagent_type).
let blockIsToolUse = false;
let blockIsAgentCall = false;
let blockId: string | null = null;
let blockAgentType: string | null = null;

function inputMember(ks: number, ke: number): undefined {
  if (isKey(ks, ke, K.subagentType)) blockAgentType = stringOrNull();
  else skip();
  return undefined;
}

function blockMember(ks: number, ke: number): undefined {
  if (isKey(ks, ke, K.type)) blockIsToolUse = stringEquals(V.toolUse);
  else if (isKey(ks, ke, K.name)) {
    const start = skip();
    blockIsAgentCall = b[start] === QUOTE && (valueIs(start, at, V.task) || valueIs(start, at, V.agent));
  } else if (isKey(ks, ke, K.id)) blockId = stringOrNull();
  else if (isKey(ks, ke, K.toolUseId)) {
    // A user line whose `message` comes before its `type` is read this way: keep what its user view needs.
    const id = stringOrNull();
    if (blockIndex === 0 && currentMessage === view.message) view.user.toolUseId = id;
  } else if (isKey(ks, ke, K.input)) {
    blockAgentType = null;
    if (peek() === OPEN_BRACE) object(inputMember);
    else skip();
  } else skip();
  return undefined;
}

let currentCalls: Array<string | null> = [];
let blockIndex = 0;

function contentBlock(): void {
  if (peek() !== OPEN_BRACE) {
    skip();
    return;
  }
  blockIsToolUse = false;
  blockIsAgentCall = false;
  blockId = null;
  blockAgentType = null;
  object(blockMember);
  blockIndex++;
  if (blockIsToolUse && blockIsAgentCall && blockId) currentCalls.push(blockId, blockAgentType);
}

let currentMessage: MessageView = view.message;

function messageMember(ks: number, ke: number): undefined {
  const m = currentMessage;
  if (isKey(ks, ke, K.usage)) readUsage(m);
  else if (isKey(ks, ke, K.id)) m.id = recentString(RECENT.id);
  else if (isKey(ks, ke, K.model)) m.model = recentString(RECENT.model);
  else if (isKey(ks, ke, K.content)) {
    if (m.calls.length !== 0) m.calls.length = 0;
    const top = m === view.message;
    if (top) {
      view.user.toolUseId = null;
      view.user.textStart = -1;
      view.user.textEnd = -1;
    }
    const c = peek();
    if (c === OPEN_BRACKET) {
      currentCalls = m.calls;
      blockIndex = 0;
      array(contentBlock);
    } else if (top && c === QUOTE) {
      view.user.textStart = skip();
      view.user.textEnd = at;
    } else skip();
  } else skip();
  return undefined;
}

function readMessage(m: MessageView): void {
  // A repeated key replaces the whole value, as in JSON.parse: nothing of an earlier copy survives.
  resetMessage(m);
  if (peek() !== OPEN_BRACE) {
    skip();
    return;
  }
  m.present = true;
  currentMessage = m;
  object(messageMember);
}

function wrapperMember(ks: number, ke: number): undefined {
  const w = view.data.wrapper;
  if (isKey(ks, ke, K.type)) w.assistant = stringEquals(V.assistant);
  else if (isKey(ks, ke, K.timestamp)) {
    const start = skip();
    if (b[start] === QUOTE) w.timestamp = decodeString(b, start, at);
    else w.timestamp = literalIs(start, V.null) ? undefined : "";
  } else if (isKey(ks, ke, K.requestId)) w.requestId = recentString(RECENT.requestId);
  else if (isKey(ks, ke, K.message)) readMessage(w.message);
  else skip();
  return undefined;
}

function dataMember(ks: number, ke: number): undefined {
  const d = view.data;
  if (isKey(ks, ke, K.type)) d.agentProgress = stringEquals(V.agentProgress);
  else if (isKey(ks, ke, K.agentId)) d.agentId = recentString(RECENT.agentId);
  else if (isKey(ks, ke, K.message)) {
    resetWrapper(d.wrapper);
    if (peek() === OPEN_BRACE) {
      d.wrapper.present = true;
      object(wrapperMember);
    } else skip();
  } else skip();
  return undefined;
}

// A user line, read only as far as its first tool result's id (Claude Code writes one tool result a line, and the
// `tool_use_id` before the result's content) or its text: the rest is tool output, most of a transcript's bytes.
function firstBlockMember(ks: number, ke: number): boolean | undefined {
  if (isKey(ks, ke, K.toolUseId)) {
    view.user.toolUseId = stringOrNull();
    return true;
  }
  skip();
  return undefined;
}

function userMessageMember(ks: number, ke: number): boolean | undefined {
  if (!isKey(ks, ke, K.content)) {
    skip();
    return undefined;
  }
  const c = peek();
  if (c === OPEN_BRACKET) {
    expect(OPEN_BRACKET);
    if (peek() === OPEN_BRACE) object(firstBlockMember);
  } else if (c === QUOTE) {
    view.user.textStart = skip();
    view.user.textEnd = at;
  }
  return true;
}

function userMember(ks: number, ke: number): boolean | undefined {
  if (!isKey(ks, ke, K.message)) {
    skip();
    return undefined;
  }
  if (peek() === OPEN_BRACE) object(userMessageMember);
  return true;
}

let readUser = false;

function lineMember(ks: number, ke: number): boolean | undefined {
  if (view.type === LineType.User) return userMember(ks, ke);
  if (isKey(ks, ke, K.type)) {
    const start = skip();
    if (b[start] === QUOTE && valueIs(start, at, V.assistant)) view.type = LineType.Assistant;
    else if (b[start] === QUOTE && valueIs(start, at, V.progress)) view.type = LineType.Progress;
    else if (b[start] === QUOTE && valueIs(start, at, V.user)) {
      view.type = LineType.User;
      // What came before `type` (a `message` first) was read as if the line were an assistant's: only the rest is
      // read for the user view.
      if (!readUser) return true;
    } else {
      view.type = LineType.Other;
      return true;
    }
  } else if (isKey(ks, ke, K.message)) readMessage(view.message);
  else if (isKey(ks, ke, K.requestId)) view.requestId = recentString(RECENT.requestId);
  else if (isKey(ks, ke, K.timestamp)) view.timestamp = stringOrNull();
  else if (isKey(ks, ke, K.sessionId)) view.sessionId = recentString(RECENT.sessionId);
  else if (isKey(ks, ke, K.agentId)) view.agentId = recentString(RECENT.agentId);
  else if (isKey(ks, ke, K.isSidechain)) view.isSidechain = literalIs(skip(), V.true);
  else if (isKey(ks, ke, K.parentToolUseID)) view.parentToolUseId = stringOrNull();
  else if (isKey(ks, ke, K.data)) {
    resetData(view.data);
    if (peek() === OPEN_BRACE) {
      view.data.present = true;
      object(dataMember);
    } else skip();
  } else skip();
  return undefined;
}

/**
 * Walks the line `buf[from, to)` (no newline) into `view`. Strings are decoded exactly as JSON.parse decodes
 * them; values it skips are checked for nesting and string ends only, not full JSON grammar. With `user`, a user
 * line is read on to its first tool result's id or its text (view.user) before the walk stops.
 */
export function walkLine(buf: Buffer, from: number, to: number, user = false): Walk {
  reset();
  readUser = user;
  b = buf;
  end = to;
  at = skipSpace(buf, from, to);
  if (at === to) return Walk.Blank;
  if (buf[at] !== OPEN_BRACE) return Walk.NotObject;
  try {
    if (object(lineMember)) {
      // Stopped early: still catch a torn write, whose last byte is not the object's end.
      let last = to - 1;
      while (last > at && (buf[last] === 0x20 || buf[last] === 0x09 || buf[last] === 0x0d)) last--;
      return buf[last] === CLOSE_BRACE ? Walk.Stopped : Walk.Invalid;
    }
    return skipSpace(buf, at, to) === to ? Walk.Done : Walk.Invalid;
  } catch (error) {
    if (error === INVALID || error instanceof SyntaxError) return Walk.Invalid;
    throw error;
  } finally {
    b = EMPTY;
    kb = EMPTY;
  }
}

const EMPTY = Buffer.alloc(0);
