import picomatch from "picomatch";
import { relativeToRoot, type SearchTool } from "./search.js";

/**
 * A project as a search sees it: every file and folder not ignored (paths relative to the root, `/`-separated),
 * and a way to read a file's text. The memory probe and the file-system probe both run searches through
 * `runSearch` over one of these, so both follow the same rules.
 */
export interface SearchTree {
  files: readonly string[];
  dirs: readonly string[];
  read(path: string): Promise<string | null>;
  /** True once the search's time is up: it then answers null. */
  expired(): boolean;
}

const GREP_KEYS = new Set([
  "pattern",
  "path",
  "glob",
  "output_mode",
  "-i",
  "-n",
  "head_limit",
  "offset",
  "multiline",
]);
const GLOB_KEYS = new Set(["pattern", "path"]);
const LS_KEYS = new Set(["path", "ignore"]);

const under = (path: string, base: string) => base === "" || path === base || path.startsWith(`${base}/`);
const fromBase = (path: string, base: string) => (base === "" ? path : path.slice(base.length + 1));

/** The search folder relative to the root, or null when it lies outside the project. */
function baseOf(args: Readonly<Record<string, unknown>>, root: string | undefined): string | null {
  if (args.path === undefined) return "";
  if (typeof args.path !== "string") return null;
  const rel = relativeToRoot(args.path, root).replace(/\/+$/, "");
  if (rel === "." || rel === "") return "";
  if (rel.startsWith("/") || rel === ".." || rel.startsWith("../") || /^[A-Za-z]:/.test(rel)) return null;
  return rel;
}

/**
 * Runs a Claude Code search over `tree` with the tools' semantics as far as they decide equality: `Glob` lists
 * files matching the pattern under the search folder; `Grep` (a JavaScript regular expression for ripgrep's)
 * lists matching files, per-file match counts or matching lines (`path:line:text`, `path:text` with `-n: false`);
 * `LS` lists the entries under a folder (folders end in `/`), hidden ones left out. Arguments this cannot
 * reproduce faithfully (context lines, `-o`, `type`, an invalid pattern, a path outside the project) give null,
 * like a search that runs out of time: such a search is never taken as unchanged.
 */
export async function runSearch(
  tool: SearchTool,
  args: Readonly<Record<string, unknown>>,
  tree: SearchTree,
  root?: string,
): Promise<string[] | null> {
  const keys = tool === "Grep" ? GREP_KEYS : tool === "Glob" ? GLOB_KEYS : LS_KEYS;
  if (Object.keys(args).some((k) => args[k] !== undefined && !keys.has(k))) return null;
  const base = baseOf(args, root);
  if (base === null) return null;
  if (tool === "Glob") return glob(args, base, tree, root);
  if (tool === "LS") return list(args, base, tree);
  return grep(args, base, tree);
}

function glob(
  args: Readonly<Record<string, unknown>>,
  initialBase: string,
  tree: SearchTree,
  root: string | undefined,
): string[] | null {
  let base = initialBase;
  if (typeof args.pattern !== "string" || args.pattern === "") return null;
  // An absolute pattern under the project names its folder itself: match it from the root.
  const rootPrefix = root === undefined ? undefined : `${root.replaceAll("\\", "/").replace(/\/+$/, "")}/`;
  const absolute = rootPrefix !== undefined && args.pattern.replaceAll("\\", "/").startsWith(rootPrefix);
  if (absolute) base = "";
  const pattern = absolute ? relativeToRoot(args.pattern, root) : args.pattern;
  if (pattern.startsWith("/")) return null;
  const match = picomatch(pattern, { dot: true });
  const out: string[] = [];
  for (const file of tree.files) {
    if (under(file, base) && file !== base && match(fromBase(file, base))) out.push(file);
  }
  return tree.expired() ? null : out;
}

function list(args: Readonly<Record<string, unknown>>, base: string, tree: SearchTree): string[] | null {
  const ignore = args.ignore === undefined ? [] : args.ignore;
  if (!Array.isArray(ignore) || ignore.some((g) => typeof g !== "string")) return null;
  const skip = ignore.length > 0 ? picomatch(ignore as string[], { dot: true }) : () => false;
  const hidden = (rel: string) => rel.split("/").some((part) => part.startsWith("."));
  const out: string[] = [];
  for (const [paths, suffix] of [
    [tree.dirs, "/"],
    [tree.files, ""],
  ] as const) {
    for (const path of paths) {
      if (!under(path, base) || path === base) continue;
      const rel = fromBase(path, base);
      if (hidden(rel) || skip(rel) || skip(rel.split("/").pop() ?? rel)) continue;
      out.push(`${path}${suffix}`);
    }
  }
  return tree.expired() ? null : out;
}

/** The files a Grep reads: those under its folder (or the file it names) that pass its `glob`. */
function grepCandidates(
  args: Readonly<Record<string, unknown>>,
  base: string,
  files: readonly string[],
): string[] | null {
  // ripgrep's --glob: a pattern without a slash matches the file name at any depth.
  let filter: ((path: string) => boolean) | undefined;
  if (args.glob !== undefined) {
    if (typeof args.glob !== "string") return null;
    // Claude Code splits `glob` at white space, then at commas outside braces ("*.ts,*.tsx", "*.{ts,tsx}").
    const globs = args.glob
      .split(/\s+/)
      .flatMap((g) => (g.includes("{") && g.includes("}") ? [g] : g.split(",")))
      .filter(Boolean);
    const m = picomatch(globs, { dot: true, basename: true });
    filter = (path) => m(fromBase(path, base));
  }
  return files.filter((file) => under(file, base) && (!filter || file === base || filter(file)));
}

/**
 * The files whose contents decide a search's result besides the listing itself: a Grep's candidate files; none
 * for Glob and LS, whose results follow from the listing. Null when the search cannot be run (as `runSearch`).
 */
export function searchInputs(
  tool: SearchTool,
  args: Readonly<Record<string, unknown>>,
  files: readonly string[],
  root?: string,
): string[] | null {
  const base = baseOf(args, root);
  if (base === null) return null;
  return tool === "Grep" ? grepCandidates(args, base, files) : [];
}

async function grep(
  args: Readonly<Record<string, unknown>>,
  base: string,
  tree: SearchTree,
): Promise<string[] | null> {
  if (typeof args.pattern !== "string") return null;
  const mode = args.output_mode ?? "files_with_matches";
  if (mode !== "files_with_matches" && mode !== "count" && mode !== "content") return null;
  // Line by line matching cannot show a match that spans lines.
  if (args.multiline === true && mode !== "files_with_matches") return null;
  let regex: RegExp;
  try {
    regex = new RegExp(
      args.pattern,
      `${args["-i"] === true ? "i" : ""}${args.multiline === true ? "s" : ""}g`,
    );
  } catch {
    return null;
  }
  const candidates = grepCandidates(args, base, tree.files);
  if (!candidates) return null;
  const lineNumbers = args["-n"] !== false;
  const out: string[] = [];
  for (const file of candidates) {
    if (tree.expired()) return null;
    const text = await tree.read(file);
    // ripgrep skips binary files (a NUL byte) and unreadable ones.
    if (text === null || text.includes("\0")) continue;
    regex.lastIndex = 0;
    if (!regex.test(text)) continue;
    if (mode === "files_with_matches") {
      out.push(file);
      continue;
    }
    const lines = text.split("\n");
    let count = 0;
    for (const [i, line] of lines.entries()) {
      regex.lastIndex = 0;
      if (!regex.test(line)) continue;
      count++;
      if (mode === "content") out.push(lineNumbers ? `${file}:${i + 1}:${line}` : `${file}:${line}`);
    }
    if (mode === "count" && count > 0) out.push(`${file}:${count}`);
  }
  return tree.expired() ? null : out;
}
