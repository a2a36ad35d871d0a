// One walk over the bytes of a transcript line, keeping only what the cost ingest reads (docs/transcripts.md):
// no JSON.parse, no string for a value it skips, and it stops at a `type` that is neither assistant nor progress
// (a user line's tool results are most of a transcript's bytes). Values are kept in reused objects (line-view.ts):
// the caller reads them before the next line.
import { CLOSE_BRACE, OPEN_BRACE, OPEN_BRACKET, QUOTE, quoted, skipSpace } from "./json-bytes.js";
import {
  b,
  closeLine,
  firstMember,
  INVALID,
  key,
  literalIs,
  matched,
  member,
  nextMember,
  openLine,
  recentString,
  skip,
  space,
  string,
  stringMatches,
  text,
  valueIs,
} from "./line-cursor.js";
import { Key } from "./line-keys.js";
import { LineType, resetData, resetView, resetWrapper, view } from "./line-view.js";
import { RECENT, readMessage } from "./message-walk.js";

export { LineType, type LineView, type MessageView, view } from "./line-view.js";

/**
 * How a walk ended. Done: the line is one whole object, read to its end. Stopped: its `type` is neither assistant
 * nor progress, and nothing after it was read. NotObject: the first byte is not `{`. Invalid: the bytes end before
 * the object does, or are not JSON. Blank: only spaces.
 */
export const Walk = { Done: 0, Stopped: 1, NotObject: 2, Invalid: 3, Blank: 4 } as const;
export type Walk = (typeof Walk)[keyof typeof Walk];

const V = {
  assistant: quoted("assistant"),
  progress: quoted("progress"),
  user: quoted("user"),
  agentProgress: quoted("agent_progress"),
  true: Buffer.from("true"),
  null: Buffer.from("null"),
};

let readUser = false;

/**
 * Where the walk stopped, when readLine returns STOPPED (nothing after it is read). The walk's last byte must then
 * be followed by the object's end on the line (walkLine).
 */
let stoppedAt = 0;
const STOPPED = -1;

/** Reads the line's object whose `{` is at `i`; returns the index past it, or STOPPED. */
function readLine(i: number): number {
  for (i = firstMember(i); i >= 0; i = nextMember(i)) {
    i = member(i);
    if (view.type === LineType.User) {
      if (key !== Key.message) i = skip(i);
      else {
        stoppedAt = b[i] === OPEN_BRACE ? readUserMessage(i) : i;
        return STOPPED;
      }
    } else if (key === Key.type) {
      const start = i;
      i = skip(i);
      if (!readType(start, i)) {
        stoppedAt = i;
        return STOPPED;
      }
    } else i = readLineMember(i);
  }
  return ~i;
}

/** Sets the line's type from the value `b[start, stop)`; false when the walk stops there. */
function readType(start: number, stop: number): boolean {
  const isString = b[start] === QUOTE;
  if (isString && valueIs(start, stop, V.assistant)) view.type = LineType.Assistant;
  else if (isString && valueIs(start, stop, V.progress)) view.type = LineType.Progress;
  else if (isString && valueIs(start, stop, V.user)) {
    view.type = LineType.User;
    // What came before `type` (a `message` first) was read as if the line were an assistant's: only the rest is
    // read for the user view.
    return readUser;
  } else {
    view.type = LineType.Other;
    return false;
  }
  return true;
}

/** Reads the value of a line member other than `type`. */
function readLineMember(i: number): number {
  switch (key) {
    case Key.message:
      return readMessage(view.message, i);
    case Key.requestId:
      i = recentString(RECENT.requestId, i);
      view.requestId = text;
      return i;
    case Key.timestamp:
      i = string(i);
      view.timestamp = text;
      return i;
    case Key.sessionId:
      i = recentString(RECENT.sessionId, i);
      view.sessionId = text;
      return i;
    case Key.agentId:
      i = recentString(RECENT.agentId, i);
      view.agentId = text;
      return i;
    case Key.isSidechain: {
      const stop = skip(i);
      view.isSidechain = literalIs(i, stop, V.true);
      return stop;
    }
    case Key.parentToolUseID:
      i = string(i);
      view.parentToolUseId = text;
      return i;
    case Key.data:
      return readData(i);
    default:
      return skip(i);
  }
}

/** `data` of a progress line. */
function readData(i: number): number {
  const d = view.data;
  resetData(d);
  if (b[i] !== OPEN_BRACE) return skip(i);
  d.present = true;
  for (i = firstMember(i); i >= 0; i = nextMember(i)) {
    i = member(i);
    if (key === Key.type) {
      i = stringMatches(i, V.agentProgress);
      d.agentProgress = matched;
    } else if (key === Key.agentId) {
      i = recentString(RECENT.agentId, i);
      d.agentId = text;
    } else if (key === Key.message) i = readWrapper(i);
    else i = skip(i);
  }
  return ~i;
}

/** `data.message` of a progress line: the echoed line. */
function readWrapper(i: number): number {
  const w = view.data.wrapper;
  resetWrapper(w);
  if (b[i] !== OPEN_BRACE) return skip(i);
  w.present = true;
  for (i = firstMember(i); i >= 0; i = nextMember(i)) {
    i = member(i);
    if (key === Key.type) {
      i = stringMatches(i, V.assistant);
      w.assistant = matched;
    } else if (key === Key.timestamp) {
      const start = i;
      i = string(i);
      if (text !== null) w.timestamp = text;
      else w.timestamp = literalIs(start, i, V.null) ? undefined : "";
    } else if (key === Key.requestId) {
      i = recentString(RECENT.requestId, i);
      w.requestId = text;
    } else if (key === Key.message) i = readMessage(w.message, i);
    else i = skip(i);
  }
  return ~i;
}

// A user line, read only as far as its first tool result's id (Claude Code writes one tool result a line, and the
// `tool_use_id` before the result's content) or its text: the rest is tool output, most of a transcript's bytes.
function readUserMessage(i: number): number {
  for (i = firstMember(i); i >= 0; i = nextMember(i)) {
    i = member(i);
    if (key !== Key.content) {
      i = skip(i);
      continue;
    }
    const c = b[i];
    if (c === OPEN_BRACKET) {
      i = space(i + 1);
      return b[i] === OPEN_BRACE ? readFirstResult(i) : i;
    }
    if (c === QUOTE) {
      view.user.textStart = i;
      i = skip(i);
      view.user.textEnd = i;
    }
    return i;
  }
  return ~i;
}

function readFirstResult(i: number): number {
  for (i = firstMember(i); i >= 0; i = nextMember(i)) {
    i = member(i);
    if (key === Key.toolUseId) {
      i = string(i);
      view.user.toolUseId = text;
      return i;
    }
    i = skip(i);
  }
  return ~i;
}

/**
 * Walks the line `buf[from, to)` (no newline) into `view`. Strings are decoded exactly as JSON.parse decodes
 * them; values it skips are checked for nesting and string ends only, not full JSON grammar. With `user`, a user
 * line is read on to its first tool result's id or its text (view.user) before the walk stops.
 */
export function walkLine(buf: Buffer, from: number, to: number, user = false): Walk {
  resetView();
  readUser = user;
  const start = skipSpace(buf, from, to);
  if (start === to) return Walk.Blank;
  if (buf[start] !== OPEN_BRACE) return Walk.NotObject;
  openLine(buf, to);
  try {
    const stop = readLine(start);
    if (stop === STOPPED) {
      // Stopped early: still catch a torn write, whose last byte is not the object's end.
      let last = to - 1;
      while (last > stoppedAt && (buf[last] === 0x20 || buf[last] === 0x09 || buf[last] === 0x0d)) last--;
      return buf[last] === CLOSE_BRACE ? Walk.Stopped : Walk.Invalid;
    }
    return skipSpace(buf, stop, to) === to ? Walk.Done : Walk.Invalid;
  } catch (error) {
    if (error === INVALID || error instanceof SyntaxError) return Walk.Invalid;
    throw error;
  } finally {
    closeLine();
  }
}
