import {
  closeSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { constants, Script } from "node:vm";

// Why this exists (README.md): Node's compile cache is made when a module is compiled, before it runs, so it holds
// only the code V8 compiles eagerly; every function a command calls is compiled again on every start. A cache made
// after the run holds them too.

/** What became of the cache in one load. */
export type CodeCacheStatus =
  /** No cache was there: one is written after the run. */
  | "made"
  /** V8 took the cache. */
  | "used"
  /** V8 refused it (another V8, other flags, a damaged file): compiled afresh, written again after the run. */
  | "rejected"
  /** No cache for this process: NODE_DISABLE_COMPILE_CACHE, or no folder of the user's own to keep it in. */
  | "off";

export interface LoadedBundle<T> {
  exports: T;
  status: CodeCacheStatus;
  /** Writes the cache when this load made none it could use; never throws. */
  save(): void;
}

export interface LoadBundleOptions {
  /** Where caches are kept; by default a folder of this user's in the OS temp folder, as Node keeps its own. */
  cacheDir?: string;
  /**
   * Which of a bundle's uses this run is (a hook event, a subcommand): each keeps a cache of its own, holding the
   * functions that use calls. Letters, digits, `_` and `-`; anything else is replaced by `_`.
   */
  variant?: string;
  env?: Record<string, string | undefined>;
}

/** The default cache folder in the OS temp folder `tmp`: one per user, so no other user's file is ever run. */
export function defaultCodeCacheDir(tmp: string = tmpdir()): string {
  const uid = process.getuid?.();
  return join(tmp, uid === undefined ? "vextrus-code-cache" : `vextrus-code-cache-${uid}`);
}

/**
 * Loads a CommonJS bundle with V8's code cache for it. The cache file is named after the bundle's device, inode,
 * size and change time (ctime, which every write to the file moves and no program can set back) and the Node
 * version: a bundle changed in any way is never run from the code of the one before, which V8 alone would allow
 * (it checks only the source's length).
 */
export function loadBundle<T>(file: string, options: LoadBundleOptions = {}): LoadedBundle<T> {
  const env = options.env ?? process.env;
  const fd = openSync(file, "r");
  let source: string;
  let key: string;
  try {
    const st = fstatSync(fd);
    source = readFileSync(fd, "utf8");
    key = [st.dev, st.ino, st.size, Math.trunc(st.ctimeMs * 1000), process.version, process.arch].join("-");
  } finally {
    closeSync(fd);
  }
  const dir = env.NODE_DISABLE_COMPILE_CACHE ? null : ownFolder(options.cacheDir ?? defaultCodeCacheDir());
  // Named after the bundle's path too: two installs (a global one, a project's) each keep their own cache.
  const name = `${basename(file)}-${pathTag(file)}-`;
  const variant =
    options.variant === undefined ? "" : `${options.variant.replace(/[^\w-]/g, "_").slice(0, 64)}-`;
  const ending = `-${key}.v8cache`;
  const cacheFile = dir === null ? null : join(dir, `${name}${variant}${key}.v8cache`);
  let cachedData: Buffer | undefined;
  if (cacheFile !== null) {
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      cachedData = undefined; // none yet
    }
  }
  // The CommonJS wrapper on the first line, so every other line keeps its number in a stack trace.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    ...(cachedData && { cachedData }),
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const module = { exports: {} as T };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  const status: CodeCacheStatus =
    cacheFile === null ? "off" : !cachedData ? "made" : script.cachedDataRejected ? "rejected" : "used";
  return {
    exports: module.exports,
    status,
    save() {
      if (cacheFile === null || dir === null || status === "used") return;
      try {
        // Another process may read the file meanwhile: it appears whole, under its name, or not at all.
        const partial = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
        renameSync(partial, cacheFile);
        // The caches of earlier builds at this path (an upgrade, a rebuild) are never read again.
        for (const entry of readdirSync(dir))
          if (entry.startsWith(name) && !entry.endsWith(ending)) unlinkSync(join(dir, entry));
      } catch {
        // A full disk or a folder removed meanwhile: the next start compiles as this one did.
      }
    },
  };
}

/** A short tag of a path, to tell caches of bundles of the same name apart (FNV-1a; not a security check). */
function pathTag(path: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) hash = Math.imul(hash ^ path.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, "0");
}

/**
 * `dir`, made if missing, when it is a folder of this user's that no one else may write to (the OS temp folder is
 * everybody's: a cache planted there would be run as code); else null.
 */
function ownFolder(dir: string): string | null {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = lstatSync(dir);
    if (!st.isDirectory()) return null;
    const uid = process.getuid?.();
    if (uid !== undefined && (st.uid !== uid || (st.mode & 0o022) !== 0)) return null;
    return dir;
  } catch {
    return null;
  }
}
