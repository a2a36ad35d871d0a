export type PatternsErrorCode = "TASK_INVALID" | "QUERY_INVALID" | "OPTIONS_INVALID";

/** Every error this package throws on purpose; `code` is stable, the message names the field and the fix. */
export class VextrusPatternsError extends Error {
  override readonly name = "VextrusPatternsError";
  readonly code: PatternsErrorCode;

  constructor(code: PatternsErrorCode, message: string, options?: { cause?: unknown }) {
    super(`[vextrus] [patterns] ${message}`, options);
    this.code = code;
  }
}
