import { VextrusError } from "@vextrus/errors";

export type CacheErrorCode =
  | "CONFIG_INVALID"
  | "INPUT_INVALID"
  | "STORE_UNAVAILABLE"
  | "STORE_LOCKED"
  | "STORE_INVALID";

/**
 * Every error this package throws on purpose; `code` is stable, the message names the field and the fix. A
 * `VextrusError`: `detail` is the message without the `[vextrus] [cache]` prefix.
 */
export class VextrusCacheError extends VextrusError<CacheErrorCode> {
  override readonly name = "VextrusCacheError";

  constructor(code: CacheErrorCode, message: string, options?: { cause?: unknown }) {
    super("cache", code, message, options);
  }
}
