import { StringDecoder } from "node:string_decoder";

export const TAIL_MAX_LINES = 40;
export const TAIL_MAX_BYTES = 8 * 1024;

/**
 * The end of a gate's output: the last `maxLines` lines, cut to the last `maxBytes` bytes. Memory stays bounded
 * whatever the gate prints, so a test suite that logs a million lines costs no more than one that logs ten.
 */
export class OutputTail {
  readonly #maxLines: number;
  readonly #maxBytes: number;
  readonly #lines: string[] = [];

  constructor(options: { maxLines?: number; maxBytes?: number } = {}) {
    this.#maxLines = options.maxLines ?? TAIL_MAX_LINES;
    this.#maxBytes = options.maxBytes ?? TAIL_MAX_BYTES;
  }

  push(line: string): void {
    // A line longer than the whole tail would only ever be shown by its end.
    this.#lines.push(line.length > this.#maxBytes ? line.slice(-this.#maxBytes) : line);
    if (this.#lines.length > this.#maxLines) this.#lines.shift();
  }

  toString(): string {
    return lastBytes(this.#lines.join("\n"), this.#maxBytes);
  }
}

/** The last `maxBytes` bytes of `text` in UTF-8, never starting in the middle of a character. */
export function lastBytes(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, "utf8");
  if (bytes.length <= maxBytes) return text;
  let start = bytes.length - maxBytes;
  // UTF-8 continuation bytes are 10xxxxxx.
  while (start < bytes.length && ((bytes[start] as number) & 0xc0) === 0x80) start++;
  return bytes.subarray(start).toString("utf8");
}

/**
 * Splits one stream's chunks into whole lines (UTF-8 characters split across chunks are put back together,
 * `\r\n` ends a line like `\n`). A line with no newline for `maxLineLength` characters keeps only its end.
 */
export class LineSplitter {
  readonly #decoder = new StringDecoder("utf8");
  readonly #onLine: (line: string) => void;
  readonly #maxLineLength: number;
  #partial = "";

  constructor(onLine: (line: string) => void, options: { maxLineLength?: number } = {}) {
    this.#onLine = onLine;
    this.#maxLineLength = options.maxLineLength ?? 64 * 1024;
  }

  write(chunk: Buffer | string): void {
    const text = this.#partial + (typeof chunk === "string" ? chunk : this.#decoder.write(chunk));
    const parts = text.split("\n");
    const rest = parts.pop() ?? "";
    for (const line of parts) this.#emit(line);
    this.#partial = this.#cap(rest);
  }

  /** The last line when the stream ended without a newline. */
  end(): void {
    const rest = this.#partial + this.#decoder.end();
    this.#partial = "";
    if (rest !== "") this.#emit(rest);
  }

  #emit(line: string): void {
    this.#onLine(this.#cap(line.endsWith("\r") ? line.slice(0, -1) : line));
  }

  #cap(text: string): string {
    return text.length > this.#maxLineLength ? text.slice(-this.#maxLineLength) : text;
  }
}
