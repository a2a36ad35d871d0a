import { appendFileSync, mkdirSync, renameSync, statSync } from "node:fs";
import { join } from "node:path";
import { STATE_FILES } from "@vextrus/config";

/** Past this size the log is moved to `hooks.log.1` (one generation kept): hooks run for months unattended. */
const MAX_LOG_BYTES = 1024 * 1024;

/**
 * Appends one entry to `<state>/hooks.log`: the full detail (stack included) that the session never sees. Best
 * effort: a log that cannot be written is not worth failing the hook for.
 */
export function appendHookLog(stateDir: string, now: Date, event: string, detail: string): void {
  const path = join(stateDir, STATE_FILES.hookLog);
  try {
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    if ((statSync(path, { throwIfNoEntry: false })?.size ?? 0) > MAX_LOG_BYTES) renameSync(path, `${path}.1`);
    const body = detail.replace(/\n/g, "\n    ");
    appendFileSync(path, `${now.toISOString()} ${event} pid=${process.pid} ${body}\n`, { mode: 0o600 });
  } catch {
    // Nowhere left to report to; the one stderr line already went out.
  }
}
