import { VextrusError } from "@vextrus/errors";

export type MetricsErrorCode =
  | "RECORD_INVALID"
  | "MODEL_UNPRICED"
  | "OPTIONS_INVALID"
  | "STORE_INVALID"
  | "STORE_LOCKED";

/**
 * Every error this package throws on purpose; `code` is stable, the message names the field and the fix. A
 * `VextrusError`: `detail` is the message without the `[vextrus] [metrics]` prefix.
 */
export class VextrusMetricsError extends VextrusError<MetricsErrorCode> {
  override readonly name = "VextrusMetricsError";

  constructor(code: MetricsErrorCode, message: string, options?: { cause?: unknown }) {
    super("metrics", code, message, options);
  }
}
