// The two kinds of dependency an answer has, as data, and their checks: a file the agent read (the content it saw)
// and a search it ran (its arguments and the fingerprint of its result). `record*` runs when an answer is stored
// and refuses a view that no longer matches the project; `check*` runs on every lookup.
import type { FileDependency, FileProbe, FileRead } from "./files.js";
import { sha256 } from "./key.js";
import {
  isSearchTool,
  type SearchDependency,
  type SearchTool,
  type SearchView,
  searchArgsKey,
  searchFingerprint,
} from "./search.js";

/**
 * A file whose mtime is within this window of a moment (or later) may change again without its stat moving: mtimes
 * are coarse on some file systems (1 s, 2 s on FAT) and a write in the same tick keeps them. Such a file is "racy"
 * (git's term) and is compared by content.
 */
export const RACY_WINDOW_MS = 2_000;

/** A search the agent ran, as the caller saw it: its arguments and either its result or that result's fingerprint. */
export interface SearchRecord {
  kind: "search";
  tool: SearchTool;
  args: Readonly<Record<string, unknown>>;
  /** The entries the agent was shown and whether that was all of them. */
  result?: SearchView;
  /** `searchFingerprint(tool, args, entries, root)` of what the agent was shown, when `result` is not given. */
  fingerprint?: string;
}

/** What an answer was made from: a path (hashed when stored, the old form), a file read, or a search. */
export type DependencyInput = string | FileRead | SearchRecord;

export type Refusal = {
  reason: "changed-during-run" | "unreadable-dependency" | "search-unverifiable";
  detail: string;
};

/** Lines of a text without a byte-order mark, CRLF as LF, trailing newlines dropped. */
function lines(text: string): string[] {
  const body = text
    .replace(/^\uFEFF/, "")
    .replace(/\r\n/g, "\n")
    .replace(/\n+$/, "");
  return body === "" ? [] : body.split("\n");
}

/** Whether the file's lines from `startLine` on are exactly the lines the agent was shown. */
function showsLines(file: readonly string[], content: string, startLine: number, whole = false): boolean {
  const shown = lines(content);
  if (!Number.isInteger(startLine) || startLine < 1) return false;
  if (whole && (startLine !== 1 || shown.length !== file.length)) return false;
  return shown.every((line, i) => file[startLine - 1 + i] === line);
}

const isSearch = (d: DependencyInput): d is SearchRecord => typeof d !== "string" && d.kind === "search";

/**
 * The file dependencies to store, checked against the files now; a refusal when one no longer matches what the
 * agent saw. Several reads of one path must all match its current content.
 */
export async function recordFiles(
  files: FileProbe,
  inputs: readonly DependencyInput[],
  now: number,
): Promise<FileDependency[] | Refusal> {
  const byPath = new Map<string, FileRead[]>();
  for (const d of inputs) {
    if (isSearch(d)) continue;
    const read: FileRead = typeof d === "string" ? { path: d } : d;
    byPath.set(read.path, [...(byPath.get(read.path) ?? []), read]);
  }
  const deps: FileDependency[] = [];
  for (const [path, reads] of byPath) {
    // stat, read, stat: the stored size and mtime are those of the bytes hashed, or the file is refused below.
    const st = await files.stat(path);
    const data = await files.read(path);
    const after = await files.stat(path);
    const seen = reads.some(
      (r) => r.sha256 !== undefined || r.content !== undefined || r.readAt !== undefined,
    );
    if (st && after && (st.size !== after.size || st.mtimeMs !== after.mtimeMs)) {
      return { reason: "changed-during-run", detail: `${path} changed while the run was being stored` };
    }
    if (!st || !data) {
      return seen
        ? { reason: "changed-during-run", detail: `${path} vanished after the agent read it` }
        : { reason: "unreadable-dependency", detail: `${path} is missing or unreadable` };
    }
    const hash = sha256(data);
    if (reads.some((r) => r.sha256 !== undefined && r.sha256 !== hash)) {
      return { reason: "changed-during-run", detail: `${path} changed after the agent read it` };
    }
    const text = reads.some((r) => r.content !== undefined) ? lines(new TextDecoder().decode(data)) : [];
    if (
      reads.some((r) => r.content !== undefined && !showsLines(text, r.content, r.startLine ?? 1, r.whole))
    ) {
      return { reason: "changed-during-run", detail: `${path} no longer has the lines the agent read` };
    }
    const readAt = Math.min(now, ...reads.map((r) => r.readAt ?? now));
    // A partial read known only by when it happened: unless the file is older than that read, it may have changed,
    // even when another read of the same path matches (the agent may have seen two contents).
    const blind = reads.filter(
      (r) => r.sha256 === undefined && r.content === undefined && r.readAt !== undefined,
    );
    if (blind.some((r) => st.mtimeMs >= Math.min(now, r.readAt ?? now) - RACY_WINDOW_MS)) {
      return {
        reason: "changed-during-run",
        detail: `${path} was modified around or after a partial read began; what the agent saw cannot be compared`,
      };
    }
    deps.push({
      path,
      size: st.size,
      mtimeMs: st.mtimeMs,
      sha256: hash,
      ...(st.mtimeMs >= readAt - RACY_WINDOW_MS && { racy: true as const }),
    });
  }
  return deps;
}

/** The search dependencies to store: each re-run now must show what the agent was shown. */
export async function recordSearches(
  files: FileProbe,
  inputs: readonly DependencyInput[],
  timeoutMs: number,
  now: number,
): Promise<SearchDependency[] | Refusal> {
  const root = files.root;
  const round = {};
  const deps = new Map<string, SearchDependency>();
  for (const d of inputs) {
    if (!isSearch(d)) continue;
    const label = `${d.tool} ${searchArgsKey(d.args)}`;
    if (!isSearchTool(d.tool))
      return { reason: "search-unverifiable", detail: `${d.tool} is not a search tool` };
    if (d.result && !d.result.complete) {
      return {
        reason: "search-unverifiable",
        detail: `${label} showed a cut result (a limit or a time-out)`,
      };
    }
    const fingerprint = d.result ? searchFingerprint(d.tool, d.args, d.result.entries, root) : d.fingerprint;
    if (!fingerprint)
      return { reason: "search-unverifiable", detail: `${label} has neither result nor fingerprint` };
    // The stamp is taken before the re-run: a change in between makes the stamp differ later, never wrongly match.
    const stamp = await files.searchStamp?.(d.tool, d.args, { timeoutMs, round });
    const current = await rerun(files, d.tool, d.args, timeoutMs, round);
    if (current === null) {
      return { reason: "search-unverifiable", detail: `${label} could not be re-run in its bound` };
    }
    if (current !== fingerprint) {
      return { reason: "changed-during-run", detail: `${label} shows something else now` };
    }
    const dep: SearchDependency = {
      kind: "search",
      tool: d.tool,
      args: searchArgsKey(d.args),
      fingerprint,
      ...(stamp && stamp.newestMtimeMs < now - RACY_WINDOW_MS && { stamp: stamp.stamp }),
    };
    deps.set(`${dep.tool}\0${dep.args}\0${fingerprint}`, dep);
  }
  return [...deps.values()];
}

async function rerun(
  files: FileProbe,
  tool: SearchTool,
  args: Readonly<Record<string, unknown>>,
  timeoutMs: number,
  round: object,
): Promise<string | null> {
  if (!files.search) return null;
  const entries = await files.search(tool, args, { timeoutMs, round });
  return entries === null ? null : searchFingerprint(tool, args, entries, files.root);
}

/** Why a file dependency no longer matches, or null: stat first, hash when the stat moved or the entry is racy. */
export async function checkFile(files: FileProbe, dep: FileDependency): Promise<string | null> {
  const st = await files.stat(dep.path);
  if (!st) return `${dep.path} is missing or unreadable`;
  if (!dep.racy && st.size === dep.size && st.mtimeMs === dep.mtimeMs) return null;
  if (st.size !== dep.size) return `${dep.path} changed`;
  const data = await files.read(dep.path);
  if (!data) return `${dep.path} is missing or unreadable`;
  return sha256(data) === dep.sha256 ? null : `${dep.path} changed`;
}

/** Why a search dependency no longer matches: its result changed, or it could not be re-run in its bound. */
export async function checkSearch(
  files: FileProbe,
  dep: SearchDependency,
  timeoutMs: number,
  round: object = {},
): Promise<{ reason: "search-changed" | "search-timeout"; detail: string } | null> {
  let args: Record<string, unknown>;
  try {
    args = JSON.parse(dep.args) as Record<string, unknown>;
  } catch {
    return { reason: "search-changed", detail: `${dep.tool} has unreadable arguments` };
  }
  const label = `${dep.tool} ${dep.args}`;
  if (dep.stamp && files.searchStamp) {
    const stamp = await files.searchStamp(dep.tool, args, { timeoutMs, round });
    if (stamp?.stamp === dep.stamp) return null;
  }
  const now = await rerun(files, dep.tool, args, timeoutMs, round);
  if (now === null) return { reason: "search-timeout", detail: `${label} could not be re-run in its bound` };
  return now === dep.fingerprint
    ? null
    : { reason: "search-changed", detail: `${label} shows something else now` };
}
