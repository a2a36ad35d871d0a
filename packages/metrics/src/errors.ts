export type MetricsErrorCode =
  | "RECORD_INVALID"
  | "MODEL_UNPRICED"
  | "OPTIONS_INVALID"
  | "STORE_INVALID"
  | "STORE_LOCKED";

/** Every error this package throws on purpose; `code` is stable, the message names the field and the fix. */
export class VextrusMetricsError extends Error {
  override readonly name = "VextrusMetricsError";
  readonly code: MetricsErrorCode;

  constructor(code: MetricsErrorCode, message: string, options?: { cause?: unknown }) {
    super(`[vextrus] [metrics] ${message}`, options);
    this.code = code;
  }
}
