import { displayUrl } from "./redact.js";

/**
 * What is wrong with a ledger URL, or undefined. From a settings file a password is refused: those files live in
 * the repository. From the environment (`VEXTRUS_LEDGER`) it is the environment's business.
 */
export function ledgerUrlProblem(url: string, from: "settings" | "environment"): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `expected a postgres:// URL such as postgres://me@db.example:5432/vextrus, got ${JSON.stringify(displayUrl(url))}`;
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:")
    return `expected a postgres:// URL, got the scheme ${JSON.stringify(parsed.protocol)}`;
  if (!parsed.hostname) return "expected a host, as in postgres://me@db.example:5432/vextrus";
  if (from === "settings" && (parsed.password || parsed.searchParams.has("password")))
    return "holds a password, and settings files live in the repository (settings.json is committed); remove it and set PGPASSWORD, or add host:port:database:user:password to ~/.pgpass";
  return undefined;
}
