import { VextrusError } from "@vextrus/errors";

export type TeamErrorCode =
  /** `optimization.team.*` or `VEXTRUS_LEDGER` is malformed, or holds a password where it must not. */
  | "CONFIG_INVALID"
  /** The server refused the user or password. */
  | "LEDGER_AUTH"
  /** No server answered at the address. */
  | "LEDGER_UNREACHABLE"
  /** The role may not do what the sync or report needs (read-only role, schema not created yet). */
  | "LEDGER_PERMISSION"
  /** The ledger's schema is newer than this Vextrus, or missing and cannot be created by this role. */
  | "LEDGER_SCHEMA"
  /** Any other failure of the server or the connection, with its reason. */
  | "LEDGER_FAILED";

/**
 * Every error this package throws on purpose; `code` is stable, the message names what failed and the fix, and
 * never holds a password (URLs are redacted before they reach a message).
 */
export class VextrusTeamError extends VextrusError<TeamErrorCode> {
  override readonly name = "VextrusTeamError";

  constructor(code: TeamErrorCode, message: string, options?: { cause?: unknown }) {
    super("team", code, message, options);
  }
}
