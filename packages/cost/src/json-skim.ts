// Most bytes of a usage line are the message's `content` (text, tool inputs), which cost accounting never reads.
// Skimming parses the line with every `content` value cut out, so JSON.parse sees a few hundred bytes instead of
// kilobytes. Anything unusual returns undefined and the caller parses the whole line.

const CONTENT_KEY = Buffer.from('"content":');
const TASK = Buffer.from('"Task"');
const AGENT = Buffer.from('"Agent"');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Index just past the closing quote of the string whose opening quote is at `open`, or -1. */
function skipString(buf: Buffer, open: number, end: number): number {
  let i = open + 1;
  for (;;) {
    const q = buf.indexOf(QUOTE, i);
    if (q === -1 || q >= end) return -1;
    let k = q - 1;
    while (buf[k] === BACKSLASH) k--;
    if ((q - 1 - k) % 2 === 0) return q + 1;
    i = q + 1;
  }
}

/** Index just past the JSON array or object starting at `start`, or -1. */
function skipContainer(buf: Buffer, start: number, end: number): number {
  let depth = 0;
  let i = start;
  while (i < end) {
    const c = buf[i];
    if (c === QUOTE) {
      i = skipString(buf, i, end);
      if (i === -1) return -1;
      continue;
    }
    if (c === 0x5b || c === 0x7b) depth++;
    else if (c === 0x5d || c === 0x7d) {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return -1;
}

/**
 * The line `buf[from, to)` parsed with each `"content":` value replaced by `[]`; undefined when it cannot be
 * skimmed safely: the content holds a `Task`/`Agent` call (whose subagent type is needed), or anything fails.
 */
export function skimLine(buf: Buffer, from: number, to: number): unknown {
  const line = buf.subarray(from, to);
  let key = line.indexOf(CONTENT_KEY);
  if (key === -1) return undefined;
  let text = "";
  let copied = 0;
  while (key !== -1) {
    const valueStart = key + CONTENT_KEY.length;
    const first = line[valueStart];
    let valueEnd: number;
    if (first === 0x5b || first === 0x7b) valueEnd = skipContainer(line, valueStart, line.length);
    else if (first === QUOTE) valueEnd = skipString(line, valueStart, line.length);
    else return undefined;
    if (valueEnd === -1) return undefined;
    const value = line.subarray(valueStart, valueEnd);
    if (value.indexOf(TASK) !== -1 || value.indexOf(AGENT) !== -1) return undefined;
    text += `${line.toString("utf8", copied, valueStart)}[]`;
    copied = valueEnd;
    key = line.indexOf(CONTENT_KEY, valueEnd);
  }
  text += line.toString("utf8", copied);
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
