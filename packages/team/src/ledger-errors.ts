import { VextrusTeamError } from "./errors.js";
import { redactUrls } from "./redact.js";

const UNREACHABLE = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "CONNECT_TIMEOUT",
]);

/**
 * A driver or server failure as one line naming what failed and the fix; `where` is the ledger's printable URL
 * (no password). SQLSTATE codes (docs/postgresql.md): 28P01/28000 authentication, 42501 privilege, 25006 read-only transaction.
 */
export function ledgerError(error: unknown, where: string): VextrusTeamError {
  if (error instanceof VextrusTeamError) return error;
  const e = (error ?? {}) as { code?: unknown; message?: unknown };
  const code = typeof e.code === "string" ? e.code : "";
  const reason = redactUrls(typeof e.message === "string" ? e.message : String(error));
  if (code === "28P01" || code === "28000")
    return new VextrusTeamError(
      "LEDGER_AUTH",
      `team ledger ${where}: the server refused the login (${reason}); set PGPASSWORD or add host:port:database:user:password to ~/.pgpass`,
      { cause: error },
    );
  if (UNREACHABLE.has(code))
    return new VextrusTeamError(
      "LEDGER_UNREACHABLE",
      `team ledger ${where}: no server answered (${code}); check the host and port and that PostgreSQL is running`,
      { cause: error },
    );
  if (code === "42501" || code === "25006")
    return new VextrusTeamError(
      "LEDGER_PERMISSION",
      `team ledger ${where}: this role may not do that (${reason}); a syncing role needs SELECT, INSERT and UPDATE on the ledger tables (see @vextrus/team's README, "Least privilege")`,
      { cause: error },
    );
  return new VextrusTeamError("LEDGER_FAILED", `team ledger ${where}: ${reason}`, { cause: error });
}
