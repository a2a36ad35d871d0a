export type CostErrorCode =
  | "PRICE_INVALID"
  | "AMOUNT_INVALID"
  | "CONFIG_INVALID"
  | "STORE_INVALID"
  | "STORE_LOCKED"
  | "DATE_INVALID";

/** Every error this package throws on purpose; `code` is stable, the message names the field and the fix. */
export class VextrusCostError extends Error {
  override readonly name = "VextrusCostError";
  readonly code: CostErrorCode;

  constructor(code: CostErrorCode, message: string, options?: { cause?: unknown }) {
    super(`[vextrus] [cost] ${message}`, options);
    this.code = code;
  }
}
