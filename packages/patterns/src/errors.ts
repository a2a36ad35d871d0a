import { VextrusError } from "@vextrus/errors";

export type PatternsErrorCode = "TASK_INVALID" | "QUERY_INVALID" | "OPTIONS_INVALID";

/**
 * Every error this package throws on purpose; `code` is stable, the message names the field and the fix. A
 * `VextrusError`: `detail` is the message without the `[vextrus] [patterns]` prefix.
 */
export class VextrusPatternsError extends VextrusError<PatternsErrorCode> {
  override readonly name = "VextrusPatternsError";

  constructor(code: PatternsErrorCode, message: string, options?: { cause?: unknown }) {
    super("patterns", code, message, options);
  }
}
