import { lstatSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

declare const __VEXTRUS_HOOK_BUILD__: string | undefined;

/** Differs on every build: a daemon of older code is never asked, it runs out its idle time and exits. */
export const BUILD_ID = typeof __VEXTRUS_HOOK_BUILD__ === "string" ? __VEXTRUS_HOOK_BUILD__ : "dev";

/** A Unix socket's path must fit sockaddr_un (108 bytes on Linux, 104 on macOS). */
const MAX_SOCKET_PATH = 100;

/**
 * The user's private folder for the daemon's socket: `$VEXTRUS_HOOK_SOCKET_DIR`, else `vextrus-<uid>` in
 * `$XDG_RUNTIME_DIR` or the temp folder. Undefined where there are no Unix sockets or user ids (Windows).
 */
export function socketDir(env: Record<string, string | undefined>): string | undefined {
  if (env.VEXTRUS_HOOK_SOCKET_DIR) return env.VEXTRUS_HOOK_SOCKET_DIR;
  const uid = process.getuid?.();
  if (uid === undefined) return undefined;
  return join(env.XDG_RUNTIME_DIR || tmpdir(), `vextrus-${uid}`);
}

export function socketPath(dir: string): string | undefined {
  const path = join(dir, `hook-${BUILD_ID}.sock`);
  return Buffer.byteLength(path) <= MAX_SOCKET_PATH ? path : undefined;
}

/**
 * Whether `dir` is a folder only this user can enter. Anyone who could create the socket could answer our
 * hooks (and read the environment they send), so a folder that is shared, or someone else's, is not used.
 */
export function isPrivateDir(dir: string): boolean {
  const stat = lstatSync(dir, { throwIfNoEntry: false });
  if (!stat?.isDirectory()) return false;
  return stat.uid === process.getuid?.() && (stat.mode & 0o077) === 0;
}
