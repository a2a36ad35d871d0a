export type CacheErrorCode =
  | "CONFIG_INVALID"
  | "INPUT_INVALID"
  | "STORE_UNAVAILABLE"
  | "STORE_LOCKED"
  | "STORE_INVALID";

/** Every error this package throws on purpose; `code` is stable, the message names the field and the fix. */
export class VextrusCacheError extends Error {
  override readonly name = "VextrusCacheError";
  readonly code: CacheErrorCode;

  constructor(code: CacheErrorCode, message: string, options?: { cause?: unknown }) {
    super(`[vextrus] [cache] ${message}`, options);
    this.code = code;
  }
}
