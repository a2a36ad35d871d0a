// The steps of a line walk over the bytes of the line it reads. Each step takes the index it starts at and returns
// the index after what it read: a cursor the walk keeps in a local, rather than module state written at every step.
// What a step finds goes to a module field (`key`, `text`, `count`) the caller reads right after.
import {
  BACKSLASH,
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  decodeString,
  decodeValue,
  QUOTE,
  quoted,
  skipLongString,
  skipSpace,
  skipString,
  skipValue,
  stringIs,
} from "./json-bytes.js";
import {
  Key,
  keyOf,
  MATCH_AT,
  MATCH_FIRST,
  MATCH_LENGTH,
  MATCH_NEXT,
  MATCH_OFFSETS,
  MATCH_WORDS,
  matchSlot,
} from "./line-keys.js";

const EMPTY = Buffer.alloc(0);

/** The line being walked: `b[.., end)`. */
export let b: Buffer = EMPTY;
export let end = 0;
/** The line's bytes read four at a time (little-endian): one load and compare for four bytes of a key or string. */
export let words: DataView = new DataView(EMPTY.buffer, EMPTY.byteOffset, 0);
/**
 * The buffer `words` reads. A scan walks many lines of one chunk buffer (fs-source.ts reuses one): a new DataView
 * per line cost more than a key's match, so the view is kept for the next line, and with it that buffer.
 */
let wordsOf: Buffer = EMPTY;

export function openLine(buf: Buffer, to: number): void {
  b = buf;
  end = to;
  if (buf !== wordsOf) {
    words = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    wordsOf = buf;
  }
}

export function closeLine(): void {
  b = EMPTY;
}

/** Each byte's high bit, in a word (0x80808080 as an int32). */
const HIGH = -0x7f7f7f80;
const ONES = 0x01010101;
const QUOTES = 0x22222222;
const BACKSLASHES = 0x5c5c5c5c;

/**
 * The index of the first word at or after `j` (up to `stop`) holding a quote or a backslash, or the last bytes
 * before `stop` too few for a word: those bytes are then read one by one. A word holds byte x when
 * (v - 0x01010101) & ~v & 0x80808080 is not 0, v being the word xor x in every byte.
 */
export function plainWords(j: number, stop: number): number {
  const w = words;
  while (j + 4 <= stop) {
    const v = w.getInt32(j, true);
    const q = v ^ QUOTES;
    const s = v ^ BACKSLASHES;
    if ((((q - ONES) & ~q) | ((s - ONES) & ~s)) & HIGH) return j;
    j += 4;
  }
  return j;
}

/** Thrown (one preallocated value) when the bytes are not JSON; caught by walkLine. */
export const INVALID = new Error("invalid JSON");

export function fail(): never {
  throw INVALID;
}

export function space(i: number): number {
  return skipSpace(b, i, end);
}

/** The key member() last read (a Key), and whether it was written with escapes. */
export let key: Key = Key.Other;
export let keyEscaped = false;

/**
 * Reads the key at `i` and the colon after it into `key`; returns the index of the value. The usual keys are matched
 * while their end is found (MATCH_FIRST); any other is found by its length and first byte, then compared once.
 */
export function member(i: number): number {
  const line = b;
  if (line[i] !== QUOTE) fail();
  if (i + 4 <= end) {
    // The known keys whose first word is the key's are compared word by word: a match ends the key too.
    const w = words;
    const first = w.getInt32(i, true);
    for (let id = MATCH_FIRST[matchSlot(first)] as number; id !== 0; id = MATCH_NEXT[id] as number) {
      const at = MATCH_AT[id] as number;
      const length = MATCH_LENGTH[id] as number;
      if (MATCH_WORDS[at] !== first || i + length > end) continue;
      const stop = MATCH_AT[id + 1] as number;
      let k = at + 1;
      while (k < stop && w.getInt32(i + (MATCH_OFFSETS[k] as number), true) === MATCH_WORDS[k]) k++;
      if (k === stop) {
        key = id as Key;
        keyEscaped = false;
        return value(i + length);
      }
    }
  }
  // Any other key is short and plain: found by one plain loop here (no call, no native search); one with an
  // escape, or cut short, goes the general way.
  let j = i + 1;
  while (j < end) {
    const c = line[j];
    if (c === QUOTE || c === BACKSLASH) break;
    j++;
  }
  let close = j + 1;
  if (j < end && line[j] === QUOTE) {
    key = keyOf(line, i, close);
    keyEscaped = false;
  } else {
    close = skipString(line, i, end);
    if (close === -1) fail();
    const plain = quoted(decodeString(line, i, close));
    key = keyOf(plain, 0, plain.length);
    keyEscaped = true;
  }
  return value(close);
}

/** The index of a member's value, after the colon that follows its key. */
function value(close: number): number {
  let i = close;
  if (b[i] !== COLON) {
    i = space(i);
    if (b[i] !== COLON) fail();
  }
  return spaceAfter(i + 1);
}

/**
 * space(i), with one comparison for the usual case of no space at all: a byte above 0x20 is no JSON space, and
 * space() returns such an index unchanged (past the line's end too).
 */
function spaceAfter(i: number): number {
  return (b[i] as number) > 0x20 ? i : space(i);
}

/** The first member's index of the object whose `{` is at `i`, or, when it is empty, ~(the index past it). */
export function firstMember(i: number): number {
  i = spaceAfter(i + 1);
  return b[i] === CLOSE_BRACE ? ~(i + 1) : i;
}

/** After a member's value: the next member's index, or ~(the index past the object's `}`). */
export function nextMember(i: number): number {
  i = spaceAfter(i);
  const c = b[i];
  if (c === COMMA) return spaceAfter(i + 1);
  if (c === CLOSE_BRACE) return ~(i + 1);
  fail();
}

/** The first element's index of the array whose `[` is at `i`, or, when it is empty, ~(the index past it). */
export function firstElement(i: number): number {
  i = spaceAfter(i + 1);
  return b[i] === CLOSE_BRACKET ? ~(i + 1) : i;
}

/** After an element: the next element's index, or ~(the index past the array's `]`). */
export function nextElement(i: number): number {
  i = spaceAfter(i);
  const c = b[i];
  if (c === COMMA) return spaceAfter(i + 1);
  if (c === CLOSE_BRACKET) return ~(i + 1);
  fail();
}

/** Read by words, strings up to this long end sooner than a native search call returns. */
const SHORT_WORDS = 128;

/** Whether the string skip() last skipped is known to hold no escape: its bytes are then its text. */
export let plainString = false;

/** Skips the value at `i`: numbers and literals checked as JSON does, containers for nesting and string ends. */
export function skip(i: number): number {
  const line = b;
  if (line[i] !== QUOTE) {
    const next = skipValue(line, i, end);
    if (next === -1) fail();
    return next;
  }
  // Most strings are short ids and names: ended by this loop, without a call; a long one by a native search.
  const short = Math.min(i + 1 + SHORT_WORDS, end);
  let j = plainWords(i + 1, short);
  while (j < short) {
    const c = line[j];
    if (c === QUOTE) {
      plainString = true;
      return j + 1;
    }
    if (c === BACKSLASH) break;
    j++;
  }
  plainString = false;
  const next = j < short ? skipString(line, i, end) : j < end ? skipLongString(line, j, end) : -1;
  if (next === -1) fail();
  return next;
}

/** What string() and recentString() read: the string, or null when the value was no string. */
export let text: string | null = null;

/** Reads the value at `i` into `text`. */
export function string(i: number): number {
  const next = skip(i);
  if (b[i] !== QUOTE) text = null;
  else text = plainString ? b.toString("utf8", i + 1, next - 1) : decodeString(b, i, next);
  return next;
}

/**
 * The last string a field held, with its bytes. Ids, the model and the session repeat from line to line (a streamed
 * message's lines share its id and request id): comparing ~30 bytes is cheaper than a new string, and a repeated
 * string is one object, whose hash a Map computes once.
 */
export interface Recent {
  bytes: Buffer;
  /** `bytes` read by words, as `words` reads the line. */
  words: DataView;
  length: number;
  value: string | null;
}

export function recent(): Recent {
  const bytes = Buffer.alloc(64);
  return {
    bytes,
    words: new DataView(bytes.buffer, bytes.byteOffset, bytes.length),
    length: -1,
    value: null,
  };
}

/** string(), reading into `text` the field's last string when the bytes are the same. */
export function recentString(r: Recent, i: number): number {
  const same = sameAsRecent(r, i);
  if (same !== -1) {
    text = r.value;
    return same;
  }
  const next = skip(i);
  if (b[i] !== QUOTE) text = null;
  // Only a string known to hold no escape is kept: its bytes are its text.
  else if (!plainString) text = decodeString(b, i, next);
  else text = keepRecent(r, i + 1, next - 1);
  return next;
}

/**
 * The index past the string at `i` when it is the field's last string, else -1: compared while its end is looked
 * for, in one pass. The kept bytes hold no quote or backslash, so equal bytes then a quote are that whole string.
 */
function sameAsRecent(r: Recent, i: number): number {
  const line = b;
  if (r.length < 0 || line[i] !== QUOTE) return -1;
  const from = i + 1;
  const stop = from + r.length;
  if (stop >= end) return -1;
  let j = from;
  const w = words;
  const kept = r.words;
  while (j + 4 <= stop && w.getInt32(j, true) === kept.getInt32(j - from, true)) j += 4;
  const bytes = r.bytes;
  while (j < stop && line[j] === bytes[j - from]) j++;
  return j === stop && line[j] === QUOTE ? j + 1 : -1;
}

/** A new string for the field (sameAsRecent found it is not the last one), kept with its bytes. */
function keepRecent(r: Recent, from: number, to: number): string {
  const value = b.toString("utf8", from, to);
  const length = to - from;
  if (length <= r.bytes.length) {
    b.copy(r.bytes, 0, from, to);
    r.length = length;
    r.value = value;
  }
  return value;
}

/** What countValue() read: a count as JSON.parse would give it. */
export let count: unknown;

/** Reads the value at `i` into `count`: a plain integer from its digits, anything else as JSON.parse reads it. */
export function countValue(i: number): number {
  const next = plainInteger(i);
  if (next !== -1) return next;
  const stop = skip(i);
  count = decodeValue(b, i, stop);
  return stop;
}

/**
 * Reads a plain integer of at most 15 digits at `i` into `count` in one pass (skipValue then decodeValue would read
 * its digits twice); -1, reading nothing, for any other value, left to the general path to read or reject.
 */
function plainInteger(i: number): number {
  let j = i;
  let n = 0;
  while (j < end) {
    const d = (b[j] as number) - 0x30;
    if (d < 0 || d > 9) break;
    n = n * 10 + d;
    j++;
  }
  const digits = j - i;
  if (digits === 0 || digits > 15 || (digits > 1 && b[i] === 0x30)) return -1;
  if (j < end) {
    const c = b[j];
    if (c === 0x2e || c === 0x65 || c === 0x45) return -1;
  }
  count = n;
  return j;
}

/**
 * Whether the string `b[open, close)` is `literal` once decoded. Claude Code writes these values plainly; a value
 * written with escapes (`"assist\u0061nt"`) is the same string to JSON.parse, so it is decoded and compared.
 */
export function valueIs(open: number, close: number, literal: Uint8Array): boolean {
  if (stringIs(b, open, close, literal)) return true;
  if (close - open <= literal.length || close - open > 6 * literal.length || !hasBackslash(open, close))
    return false;
  return quoted(decodeString(b, open, close)).equals(literal);
}

/** Whether the value stringMatches() last skipped is the string it was given. */
export let matched = false;

/** Skips the value at `i`, telling in `matched` whether it is the string `literal` (once decoded). */
export function stringMatches(i: number, literal: Uint8Array): number {
  const next = skip(i);
  matched = b[i] === QUOTE && valueIs(i, next, literal);
  return next;
}

function hasBackslash(open: number, close: number): boolean {
  for (let k = open + 1; k < close - 1; k++) if (b[k] === BACKSLASH) return true;
  return false;
}

/** Whether the value `b[start, stop)` is the bytes of `literal`. */
export function literalIs(start: number, stop: number, literal: Uint8Array): boolean {
  if (stop - start !== literal.length) return false;
  for (let k = 0; k < literal.length; k++) if (b[start + k] !== literal[k]) return false;
  return true;
}
