/**
 * Marks every VextrusError. A brand rather than `instanceof` alone: a bundle or a second installed copy of this
 * package has its own class, and an error from it must still be recognised.
 */
const BRAND = Symbol.for("@vextrus/errors.VextrusError");

/**
 * The base of every error a `@vextrus/*` package throws on purpose. `code` is stable (catch on it); `source` names
 * the package (`"cost"`); `message` is `[vextrus] [<source>] <detail>` for logs and stack traces, and `detail` is
 * the same sentence without that prefix, for a person.
 */
export class VextrusError<Code extends string = string> extends Error {
  override readonly name: string = "VextrusError";
  readonly code: Code;
  readonly source: string;
  /** The message without the `[vextrus] [<source>] ` prefix: what a command line or a hook shows. */
  readonly detail: string;

  constructor(source: string, code: Code, detail: string, options?: { cause?: unknown }) {
    super(`[vextrus] [${source}] ${detail}`, options);
    this.code = code;
    this.source = source;
    this.detail = detail;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** True for an error of any `@vextrus/*` package (any copy of it). */
export function isVextrusError(value: unknown): value is VextrusError {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/**
 * What to show a person for an error: a VextrusError's `detail`, another Error's message, anything else as text.
 */
export function userMessage(error: unknown): string {
  if (isVextrusError(error)) return error.detail;
  if (error instanceof Error) return error.message;
  return String(error);
}
