import { VextrusError } from "@vextrus/errors";

export type ConfigErrorCode = "SETTINGS_INVALID" | "STATE_DIR_INVALID" | "LEDGER_MIGRATION_FAILED";

/** Every error this package throws on purpose; `code` is stable, the message names the input and the fix. */
export class VextrusConfigError extends VextrusError<ConfigErrorCode> {
  override readonly name = "VextrusConfigError";

  constructor(code: ConfigErrorCode, message: string, options?: { cause?: unknown }) {
    super("config", code, message, options);
  }
}
