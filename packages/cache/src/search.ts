import { createHash } from "node:crypto";
import { canonicalJson, sha256 } from "./key.js";

/** The searches an agent's answer may depend on: Claude Code's `Grep`, `Glob` and `LS` tools. */
export type SearchTool = "Grep" | "Glob" | "LS";
export const SEARCH_TOOLS: readonly SearchTool[] = ["Grep", "Glob", "LS"];
export const isSearchTool = (tool: string): tool is SearchTool =>
  (SEARCH_TOOLS as readonly string[]).includes(tool);

/** A search an entry depends on, as stored: the tool, its arguments as canonical JSON, the result's fingerprint. */
export interface SearchDependency {
  kind: "search";
  tool: SearchTool;
  args: string;
  fingerprint: string;
  /**
   * The search's stamp (`SearchStamp.stamp`) taken when it was stored, kept when nothing in it was racy: while the
   * stamp is the same, what the result follows from (a Grep's files, the listing) is unchanged and the search is
   * not re-run.
   */
  stamp?: string;
}

/**
 * What a search showed: one string per entry (a path for `Glob`, `LS` and Grep's `files_with_matches`, a
 * `path:count` line for Grep's `count`, an output line for Grep's `content`), and whether that was all of it.
 * A result cut by a limit or a time-out (`truncated`, `appliedLimit`, `timedOut` in Claude Code's tool result)
 * is not complete and cannot be re-checked by equality (docs/claude-code-search-tools.md).
 */
export interface SearchView {
  entries: readonly string[];
  complete: boolean;
}

/** Options of a search re-run: its time bound. */
export interface SearchRunOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /**
   * The same object for every search of one check (one lookup or one store): a probe may list the project once
   * for all of them, which also makes them see one snapshot.
   */
  round?: object;
}

/**
 * Re-runs a search over the project now: its entries (any order, paths relative to the project root or absolute
 * under it), or null when it cannot finish within its bound or the probe cannot run it faithfully.
 */
export type SearchRunner = (
  tool: SearchTool,
  args: Readonly<Record<string, unknown>>,
  options: SearchRunOptions,
) => Promise<readonly string[] | null>;

/**
 * What a search's result depends on besides its arguments, cheaply: for a Grep the sha256 of the path, size and
 * mtime of every file it reads, for a Glob or LS a digest of the listing; and the newest mtime in it (a stamp is
 * trusted only when that is older than the racy window; -Infinity when it holds no time).
 */
export interface SearchStamp {
  stamp: string;
  newestMtimeMs: number;
}

export type SearchStamper = (
  tool: SearchTool,
  args: Readonly<Record<string, unknown>>,
  options: SearchRunOptions,
) => Promise<SearchStamp | null>;

/** The stamp of a search's input files, given as `[path, size, mtimeMs]` in listing order. */
export function stampOf(stats: readonly (readonly [string, number, number])[]): SearchStamp {
  const numbers = new Float64Array(stats.length * 2);
  for (const [i, [, size, mtime]] of stats.entries()) {
    numbers[2 * i] = size;
    numbers[2 * i + 1] = mtime;
  }
  return stampOfFiles(
    stats.map(([path]) => path),
    numbers,
  );
}

/**
 * The stamp of a search's input files as the file-system probe collects them: the paths in listing order and,
 * for the i-th path, its size at `2i` and its mtime at `2i + 1` (-1 for a file gone). The numbers are hashed as
 * their bytes: writing thousands of fractional mtimes as text cost more than the hash itself.
 */
export function stampOfFiles(paths: readonly string[], sizesAndMtimes: Float64Array): SearchStamp {
  let newestMtimeMs = Number.NEGATIVE_INFINITY;
  for (let i = 1; i < sizesAndMtimes.length; i += 2) {
    const mtime = sizesAndMtimes[i] as number;
    if (mtime > newestMtimeMs) newestMtimeMs = mtime;
  }
  // Paths joined by NUL, which no path holds, so the text decodes to one list only; the count of numbers follows.
  const hash = createHash("sha256").update(paths.join("\0"));
  hash.update(new Uint8Array(sizesAndMtimes.buffer, sizesAndMtimes.byteOffset, sizesAndMtimes.byteLength));
  return { stamp: hash.digest("hex"), newestMtimeMs };
}

function grepMode(args: Readonly<Record<string, unknown>>): string {
  return typeof args.output_mode === "string" ? args.output_mode : "files_with_matches";
}

/** Whether the entries of this search are paths (compared as a set) rather than output lines. */
function entriesArePaths(tool: SearchTool, args: Readonly<Record<string, unknown>>): boolean {
  return tool !== "Grep" || grepMode(args) === "files_with_matches";
}

/** `/root/src/a.ts` → `src/a.ts` when under `root`; backslashes become slashes; a leading `./` goes. */
export function relativeToRoot(path: string, root?: string): string {
  let p = path.replaceAll("\\", "/");
  if (root) {
    const r = root.replaceAll("\\", "/").replace(/\/+$/, "");
    if (p === r) return ".";
    if (p.startsWith(`${r}/`)) p = p.slice(r.length + 1);
  }
  return p.startsWith("./") ? p.slice(2) : p;
}

/**
 * The canonical form of a search's entries, so that a result read from a transcript and the same search re-run
 * by a probe compare equal exactly when they show the same thing:
 * - paths (`Glob`, `LS`, Grep `files_with_matches`) are made relative to `root` and compared as a set: Claude
 *   Code sorts them by modification time (docs/claude-code-search-tools.md), an order that says nothing about
 *   the files' contents;
 * - Grep `count` lines (`path:n`) are compared as a set of lines, paths made relative;
 * - Grep `content` lines are compared as a sorted multiset: ripgrep searches files in parallel, so the order of
 *   files is not stable; lines carry their line numbers unless `-n` is false, and then a reordering of equal
 *   matched lines within one file is not seen.
 */
export function normalizeSearchEntries(
  tool: SearchTool,
  args: Readonly<Record<string, unknown>>,
  entries: readonly string[],
  root?: string,
): string[] {
  const rel = (line: string) => {
    if (!root) return line;
    const r = `${root.replaceAll("\\", "/").replace(/\/+$/, "")}/`;
    const l = line.replaceAll("\\", "/");
    return l.startsWith(r) ? l.slice(r.length) : line;
  };
  if (entriesArePaths(tool, args)) {
    return [...new Set(entries.map((e) => relativeToRoot(e, root).replace(/\/{2,}$/, "/")))].sort();
  }
  const lines = entries.filter((l) => l !== "").map(rel);
  if (grepMode(args) === "count") return [...new Set(lines)].sort();
  return lines.sort();
}

/** The arguments as stored: canonical JSON, undefined values dropped. */
export function searchArgsKey(args: Readonly<Record<string, unknown>>): string {
  return canonicalJson(args);
}

/** sha256 of the tool, the canonical arguments and the normalised entries. */
export function searchFingerprint(
  tool: SearchTool,
  args: Readonly<Record<string, unknown>>,
  entries: readonly string[],
  root?: string,
): string {
  return sha256(
    canonicalJson([tool, searchArgsKey(args), normalizeSearchEntries(tool, args, entries, root)]),
  );
}
