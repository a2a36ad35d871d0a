export type ConfigErrorCode = "SETTINGS_INVALID" | "STATE_DIR_INVALID" | "LEDGER_MIGRATION_FAILED";

/** Every error this package throws on purpose; `code` is stable, the message names the input and the fix. */
export class VextrusConfigError extends Error {
  override readonly name = "VextrusConfigError";
  readonly code: ConfigErrorCode;

  constructor(code: ConfigErrorCode, message: string, options?: { cause?: unknown }) {
    super(`[vextrus] [config] ${message}`, options);
    this.code = code;
  }
}
