// A `message` object (Claude Code's copy of the API response) read into a MessageView: its id, model, usage and
// the `Task`/`Agent` calls among its content blocks.
import { decodeString, OPEN_BRACE, OPEN_BRACKET, QUOTE, quoted } from "./json-bytes.js";
import {
  b,
  count,
  countValue,
  firstElement,
  firstMember,
  key,
  keyEscaped,
  matched,
  member,
  nextElement,
  nextMember,
  plainString,
  type Recent,
  recent,
  recentString,
  skip,
  string,
  stringMatches,
  text,
  valueIs,
} from "./line-cursor.js";
import { Key } from "./line-keys.js";
import { type MessageView, resetMessage, view } from "./line-view.js";

const V = {
  toolUse: quoted("tool_use"),
  task: quoted("Task"),
  agent: quoted("Agent"),
};

export const RECENT: Record<"id" | "model" | "requestId" | "sessionId" | "agentId", Recent> = {
  id: recent(),
  model: recent(),
  requestId: recent(),
  sessionId: recent(),
  agentId: recent(),
};

/** Reads the value at `i` into `m`; returns the index after it. */
export function readMessage(m: MessageView, i: number): number {
  // A repeated key replaces the whole value, as in JSON.parse: nothing of an earlier copy survives.
  resetMessage(m);
  if (b[i] !== OPEN_BRACE) return skip(i);
  m.present = true;
  for (i = firstMember(i); i >= 0; i = nextMember(i)) {
    i = member(i);
    if (key === Key.usage) i = readUsage(m, i);
    else if (key === Key.id) {
      i = recentString(RECENT.id, i);
      m.id = text;
    } else if (key === Key.model) {
      i = recentString(RECENT.model, i);
      m.model = text;
    } else if (key === Key.content) i = readContent(m, i);
    else i = skip(i);
  }
  return ~i;
}

function readUsage(m: MessageView, i: number): number {
  m.hasUsage = false;
  m.usageHasOutput = false;
  if (b[i] !== OPEN_BRACE) return skip(i);
  const u = m.usage;
  u.input_tokens = undefined;
  u.output_tokens = undefined;
  u.cache_creation_input_tokens = undefined;
  u.cache_read_input_tokens = undefined;
  u.cache_creation = undefined;
  u.server_tool_use = undefined;
  u.speed = undefined;
  u.inference_geo = undefined;
  let hasOutput = false;
  for (i = firstMember(i); i >= 0; i = nextMember(i)) {
    i = member(i);
    switch (key) {
      case Key.inputTokens:
        i = countValue(i);
        u.input_tokens = count;
        break;
      case Key.outputTokens:
        i = countValue(i);
        u.output_tokens = count;
        // Only the plain bytes count: the line is then read as the JSON.parse reader read it (transcript.ts, wasRead).
        if (!keyEscaped) hasOutput = true;
        break;
      case Key.cacheWrite:
        i = countValue(i);
        u.cache_creation_input_tokens = count;
        break;
      case Key.cacheRead:
        i = countValue(i);
        u.cache_read_input_tokens = count;
        break;
      case Key.cacheSplit: {
        const read = b[i] === OPEN_BRACE;
        i = readNestedCount(Key.oneHour, "ephemeral_1h_input_tokens", m.nested.split, i);
        u.cache_creation = read ? m.nested.split : undefined;
        break;
      }
      case Key.serverTools: {
        const read = b[i] === OPEN_BRACE;
        i = readNestedCount(Key.webSearches, "web_search_requests", m.nested.tools, i);
        u.server_tool_use = read ? m.nested.tools : undefined;
        break;
      }
      case Key.speed:
        i = string(i);
        u.speed = text ?? undefined;
        break;
      case Key.geo:
        i = string(i);
        u.inference_geo = text ?? undefined;
        break;
      default:
        i = skip(i);
    }
  }
  m.hasUsage = true;
  m.usageHasOutput = hasOutput;
  return ~i;
}

/** Reads an object value holding one count we keep (`{ [field]: count }`) into `out`; skips any other value. */
function readNestedCount(k: Key, field: string, out: Record<string, unknown>, i: number): number {
  if (b[i] !== OPEN_BRACE) return skip(i);
  out[field] = undefined;
  for (i = firstMember(i); i >= 0; i = nextMember(i)) {
    i = member(i);
    if (key === k) {
      i = countValue(i);
      out[field] = count;
    } else i = skip(i);
  }
  return ~i;
}

function readContent(m: MessageView, i: number): number {
  if (m.calls.length !== 0) m.calls.length = 0;
  const top = m === view.message;
  if (top) {
    view.user.toolUseId = null;
    view.user.textStart = -1;
    view.user.textEnd = -1;
  }
  const c = b[i];
  if (c === QUOTE && top) {
    view.user.textStart = i;
    i = skip(i);
    view.user.textEnd = i;
    return i;
  }
  if (c !== OPEN_BRACKET) return skip(i);
  // Counted for the user view: a user line whose `message` comes before its `type` is read this way, and keeps
  // the first block's tool_use_id.
  let blocks = 0;
  for (i = firstElement(i); i >= 0; i = nextElement(i)) {
    if (b[i] !== OPEN_BRACE) i = skip(i);
    else {
      i = readBlock(m.calls, top && blocks === 0, i);
      blocks++;
    }
  }
  return ~i;
}

/** Reads a content block; a `Task`/`Agent` tool_use block adds its id and input.subagent_type to `calls`. */
function readBlock(calls: Array<string | null>, first: boolean, i: number): number {
  let toolUse = false;
  let agentCall = false;
  let id: string | null = null;
  // A plain id is kept as its bytes: only a Task/Agent call needs its string. One with escapes is decoded at once,
  // as it may not be JSON.
  let idStart = -1;
  let idStop = -1;
  let agentType: string | null = null;
  for (i = firstMember(i); i >= 0; i = nextMember(i)) {
    i = member(i);
    switch (key) {
      case Key.type:
        i = stringMatches(i, V.toolUse);
        toolUse = matched;
        break;
      case Key.name: {
        const start = i;
        i = skip(i);
        agentCall = b[start] === QUOTE && (valueIs(start, i, V.task) || valueIs(start, i, V.agent));
        break;
      }
      case Key.id:
        idStart = i;
        i = skip(i);
        idStop = i;
        if (b[idStart] !== QUOTE) {
          idStart = -1;
          id = null;
        } else if (plainString) id = null;
        else {
          id = decodeString(b, idStart, idStop);
          idStart = -1;
        }
        break;
      case Key.toolUseId:
        i = string(i);
        if (first) view.user.toolUseId = text;
        break;
      case Key.input:
        agentType = null;
        if (b[i] === OPEN_BRACE) {
          i = readInput(i);
          agentType = subagentType;
        } else i = skip(i);
        break;
      default:
        i = skip(i);
    }
  }
  if (toolUse && agentCall) {
    if (idStart !== -1) id = b.toString("utf8", idStart + 1, idStop - 1);
    if (id) calls.push(id, agentType);
  }
  return ~i;
}

/** What readInput read: the tool input's subagent_type. */
let subagentType: string | null = null;

function readInput(i: number): number {
  subagentType = null;
  for (i = firstMember(i); i >= 0; i = nextMember(i)) {
    i = member(i);
    if (key === Key.subagentType) {
      i = string(i);
      subagentType = text;
    } else i = skip(i);
  }
  return ~i;
}
