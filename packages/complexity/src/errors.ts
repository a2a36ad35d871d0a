export type ComplexityErrorCode = "RULES_INVALID" | "THRESHOLDS_INVALID" | "SCORE_INVALID";

/** Every error this package throws on purpose; `code` is stable, the message names the field and the fix. */
export class VextrusComplexityError extends Error {
  override readonly name = "VextrusComplexityError";
  readonly code: ComplexityErrorCode;

  constructor(code: ComplexityErrorCode, message: string, options?: { cause?: unknown }) {
    super(`[vextrus] [complexity] ${message}`, options);
    this.code = code;
  }
}
