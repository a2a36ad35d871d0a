import { VextrusError } from "@vextrus/errors";

export type CostErrorCode =
  | "PRICE_INVALID"
  | "AMOUNT_INVALID"
  | "CONFIG_INVALID"
  | "STORE_INVALID"
  | "STORE_LOCKED"
  | "DATE_INVALID"
  | "USAGE_INVALID";

/**
 * Every error this package throws on purpose; `code` is stable, the message names the field and the fix. A
 * `VextrusError`: `detail` is the message without the `[vextrus] [cost]` prefix.
 */
export class VextrusCostError extends VextrusError<CostErrorCode> {
  override readonly name = "VextrusCostError";

  constructor(code: CostErrorCode, message: string, options?: { cause?: unknown }) {
    super("cost", code, message, options);
  }
}
