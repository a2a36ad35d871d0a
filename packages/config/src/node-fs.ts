import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { VextrusConfigError } from "./errors.js";
import type { ConfigFs } from "./io.js";
import { type Block, renderSettings, type SettingsFile } from "./settings.js";
import { STATE_FILES } from "./state.js";

/** ConfigFs on the real disk. */
export const nodeFs: ConfigFs = {
  readText(path) {
    try {
      return readFileSync(path, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR") return undefined;
      throw error;
    }
  },
  exists: (path) => existsSync(path),
};

const GITIGNORE = "# Vextrus state: local databases and logs\n*\n";

function notAFolder(dir: string, cause?: unknown): VextrusConfigError {
  return new VextrusConfigError(
    "STATE_DIR_INVALID",
    `state folder ${dir}: expected a folder, found a file; move the file away or point VEXTRUS_STATE_DIR (or VEXTRUS_USER_STATE_DIR) at a folder`,
    { cause },
  );
}

/**
 * Refuses, with the same STATE_DIR_INVALID error, a state folder that could never be made (a file in its place or
 * above it), without making anything: for a plan (`--dry-run`) that must fail as the real run would.
 */
export function checkStateDir(dir: string): void {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(dir, { throwIfNoEntry: false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOTDIR") throw notAFolder(dir, error);
    throw error;
  }
  if (stat && !stat.isDirectory()) throw notAFolder(dir);
}

/**
 * Makes a state folder ready for a write: mode 0700, with a `.gitignore` of `*` (0600) so no database ends up in
 * a commit. Call it right before writing, never to read. Returns what it created (nothing when it was ready). A
 * file where the folder should be is a VextrusConfigError (STATE_DIR_INVALID) naming it.
 */
export function ensureStateDir(dir: string): string[] {
  const ignore = join(dir, STATE_FILES.gitignore);
  // The common case, on every hook event: one stat.
  if (existsSync(ignore)) return [];
  const created: string[] = [];
  checkStateDir(dir);
  if (!existsSync(dir)) {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOTDIR" || code === "EEXIST") throw notAFolder(dir, error);
      throw error;
    }
    created.push(dir);
  }
  try {
    writeFileSync(ignore, GITIGNORE, { mode: 0o600, flag: "wx" });
    created.push(ignore);
  } catch (error) {
    // Another process wrote it first: the folder is ready all the same.
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return created;
}

/**
 * Writes `data` back into a settings file unless it equals what is on disk (so a no-op leaves the file
 * byte-identical), in the file's own formatting. Atomic: a temporary file renamed over the old one. Returns whether
 * anything was written.
 */
export function writeSettings(file: SettingsFile, data: Block): boolean {
  if (file.exists && JSON.stringify(data) === JSON.stringify(file.data)) return false;
  const text = renderSettings(file, data);
  mkdirSync(dirname(file.path), { recursive: true });
  const tmp = `${file.path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file.path);
  return true;
}
