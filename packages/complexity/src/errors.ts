import { VextrusError } from "@vextrus/errors";

export type ComplexityErrorCode = "RULES_INVALID" | "THRESHOLDS_INVALID" | "SCORE_INVALID";

/**
 * Every error this package throws on purpose; `code` is stable, the message names the field and the fix. A
 * `VextrusError`: `detail` is the message without the `[vextrus] [complexity]` prefix.
 */
export class VextrusComplexityError extends VextrusError<ComplexityErrorCode> {
  override readonly name = "VextrusComplexityError";

  constructor(code: ComplexityErrorCode, message: string, options?: { cause?: unknown }) {
    super("complexity", code, message, options);
  }
}
