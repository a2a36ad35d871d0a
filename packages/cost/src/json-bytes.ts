// Byte-level JSON primitives for the transcript walk: they find where values end and decode only the few values
// the cost ingest keeps. Nothing here builds a string for a value it skips; `-1` means the bytes are not JSON.

export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const COLON = 0x3a;
export const COMMA = 0x2c;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
export const OPEN_BRACKET = 0x5b;
export const CLOSE_BRACKET = 0x5d;

function isSpace(c: number | undefined): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

export function skipSpace(b: Uint8Array, i: number, end: number): number {
  while (i < end && isSpace(b[i])) i++;
  return i;
}

// Short strings (keys, ids) end sooner than a native search call returns; long ones (tool inputs, text) are
// searched natively from the first quote on.
const SHORT = 48;

/** Index just past the closing quote of the string whose opening quote is at `open`, or -1. */
export function skipString(b: Buffer, open: number, end: number): number {
  let i = open + 1;
  const short = Math.min(end, i + SHORT);
  while (i < short) {
    const c = b[i];
    if (c === QUOTE) return i + 1;
    i += c === BACKSLASH ? 2 : 1;
  }
  if (i >= end) return -1;
  return skipLongString(b, i, end);
}

/**
 * Index just past the closing quote of a string whose bytes before `from` hold no unescaped quote (and do not end
 * in half an escape), or -1: a native search, for the long strings past SHORT.
 */
export function skipLongString(b: Buffer, from: number, end: number): number {
  let i = from;
  for (;;) {
    const q = b.indexOf(QUOTE, i);
    if (q === -1 || q >= end) return -1;
    // The quote is escaped when an odd number of backslashes precede it.
    let k = q - 1;
    while (b[k] === BACKSLASH) k--;
    if ((q - 1 - k) % 2 === 0) return q + 1;
    i = q + 1;
  }
}

/** Index just past the array or object opening at `start`, or -1. Checks nesting and strings, not full grammar. */
export function skipContainer(b: Buffer, start: number, end: number): number {
  let depth = 0;
  let i = start;
  while (i < end) {
    const c = b[i] as number;
    if (c === QUOTE) {
      i = skipString(b, i, end);
      if (i === -1) return -1;
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (--depth === 0) return i + 1;
    }
    i++;
  }
  return -1;
}

const TRUE = Buffer.from("true");
const FALSE = Buffer.from("false");
const NULL = Buffer.from("null");

function literalAt(b: Buffer, i: number, end: number, literal: Buffer): number {
  if (i + literal.length > end) return -1;
  for (let k = 0; k < literal.length; k++) if (b[i + k] !== literal[k]) return -1;
  return i + literal.length;
}

const isDigit = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x39;

/** Index just past the JSON number at `i` (its full grammar: sign, no leading zero, fraction, exponent), or -1. */
function skipNumber(b: Buffer, i: number, end: number): number {
  // Bounds are checked by hand, not through a closure per call: counts are the most frequent values of a usage line.
  let j = i;
  if (j < end && b[j] === 0x2d) j++;
  if (j < end && b[j] === 0x30) j++;
  else if (j < end && isDigit(b[j])) while (j < end && isDigit(b[j])) j++;
  else return -1;
  if (j < end && b[j] === 0x2e) {
    j++;
    if (!(j < end && isDigit(b[j]))) return -1;
    while (j < end && isDigit(b[j])) j++;
  }
  if (j < end && (b[j] === 0x65 || b[j] === 0x45)) {
    j++;
    if (j < end && (b[j] === 0x2b || b[j] === 0x2d)) j++;
    if (!(j < end && isDigit(b[j]))) return -1;
    while (j < end && isDigit(b[j])) j++;
  }
  return j;
}

/**
 * Index just past the value starting at `i` (no leading space), or -1. Numbers and literals are checked as JSON
 * does; an array or object only for nesting and string ends.
 */
export function skipValue(b: Buffer, i: number, end: number): number {
  const c = b[i];
  if (c === QUOTE) return skipString(b, i, end);
  if (c === OPEN_BRACE || c === OPEN_BRACKET) return skipContainer(b, i, end);
  if (c === 0x74) return literalAt(b, i, end, TRUE);
  if (c === 0x66) return literalAt(b, i, end, FALSE);
  if (c === 0x6e) return literalAt(b, i, end, NULL);
  return skipNumber(b, i, end);
}

/** Whether the string `b[open, close)` (quotes included) holds exactly the bytes of `literal` (quotes included). */
export function stringIs(b: Uint8Array, open: number, close: number, literal: Uint8Array): boolean {
  if (close - open !== literal.length) return false;
  for (let k = 1; k < literal.length - 1; k++) if (b[open + k] !== literal[k]) return false;
  return true;
}

/** The decoded string `b[open, close)` (quotes included). */
export function decodeString(b: Buffer, open: number, close: number): string {
  for (let k = open + 1; k < close - 1; k++) {
    if (b[k] === BACKSLASH) return JSON.parse(b.toString("utf8", open, close)) as string;
  }
  return b.toString("utf8", open + 1, close - 1);
}

/**
 * The value `b[start, stop)` as JSON.parse would return it, reading plain non-negative integers without a string;
 * throws on bytes that are not JSON.
 */
export function decodeValue(b: Buffer, start: number, stop: number): unknown {
  const len = stop - start;
  if (len > 0 && len <= 15) {
    let n = 0;
    let k = start;
    for (; k < stop; k++) {
      const d = (b[k] as number) - 0x30;
      if (d < 0 || d > 9) break;
      n = n * 10 + d;
    }
    // JSON forbids leading zeros ("01"), so those go to JSON.parse and fail like a full parse would.
    if (k === stop && (b[start] !== 0x30 || len === 1)) return n;
  }
  return JSON.parse(b.toString("utf8", start, stop));
}

/** The bytes of `"text"` for comparing keys and values with stringIs. */
export function quoted(text: string): Buffer {
  return Buffer.from(JSON.stringify(text));
}
