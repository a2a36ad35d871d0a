import { closeSync, type Dirent, openSync, readdirSync, readFileSync, readSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import type { AgentMetaFile, FolderState, TranscriptFile, TranscriptSource } from "./ingest.js";
import { classifyTranscriptPath } from "./paths.js";

/**
 * The Claude config folders to read, as Claude Code and ccusage find them: `CLAUDE_CONFIG_DIR` (comma-separated;
 * each entry a config folder or its `projects/` folder) or else `$XDG_CONFIG_HOME/claude` (default
 * `~/.config/claude`) and `~/.claude`. Returns the `projects/` folders that exist.
 */
export function claudeProjectDirs(env: Record<string, string | undefined>, home: string): string[] {
  const configured = env.CLAUDE_CONFIG_DIR?.split(",")
    .map((d) => d.trim())
    .filter(Boolean);
  const roots = configured?.length
    ? configured
    : [join(env.XDG_CONFIG_HOME || join(home, ".config"), "claude"), join(home, ".claude")];
  const found: string[] = [];
  for (const root of roots) {
    const projects = join(root, "projects");
    if (isDir(projects)) found.push(projects);
    else if (root.endsWith(`${sep}projects`) || root === "projects") {
      if (isDir(root)) found.push(root);
    }
  }
  return found;
}

/**
 * `projectDirs` and, when the session's main transcript lies in a `projects/` folder none of them is (Claude Code run
 * with a config folder the environment does not name) and that folder is there, it too: a session's own requests are
 * always read.
 */
export function withSessionProjects(
  projectDirs: readonly string[],
  transcript: string | undefined,
): string[] {
  const dirs = [...projectDirs];
  if (!transcript) return dirs;
  const projects = dirname(dirname(resolve(transcript)));
  if (basename(projects) === "projects" && !dirs.some((d) => resolve(d) === projects) && isDir(projects))
    dirs.push(projects);
  return dirs;
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

// Read a quarter of a megabyte at a time, even into a buffer a long line made larger: the bytes are walked while
// they are still in the core's L2 cache (512 KiB to 2 MiB on current x86 and ARM cores). On the bench machine 4 MiB
// reads took 133 ms for 210 MB against 40 ms in 256 KiB reads, and a whole `--no-store` run 0.93× the wall
// (packages/cost/bench/README.md).
const CHUNK = 256 * 1024;

export interface FsTranscriptSourceOptions {
  projectDirs: string[];
  /**
   * A main transcript (`<projects>/<project>/<session>.jsonl`): list only it and its session's folder (the
   * subagents' transcripts and meta files) instead of every folder. A path that is not one in `projectDirs` is
   * ignored: everything is listed.
   */
  focus?: string;
  /** The clock folders' times are compared with (epoch ms); the system's by default. */
  now?: () => number;
}

/**
 * Where a focused listing starts: the projects folder holding `transcript` and its path below it, or null when
 * `transcript` is not a main transcript directly in a project folder of one of `projectDirs`.
 */
function focusedTranscript(
  projectDirs: readonly string[],
  transcript: string,
): { projectDir: string; below: string } | null {
  const file = resolve(transcript);
  if (!file.endsWith(".jsonl")) return null;
  for (const dir of projectDirs) {
    const below = relative(resolve(dir), file).split(sep);
    if (below.length === 2 && below[0] !== ".." && below[0] !== "")
      return { projectDir: dir, below: below.join("/") };
  }
  return null;
}

/**
 * A folder changed this shortly before it was read is read again next time, whatever its times say: an entry made
 * in the same tick of the file system's clock (up to 2 s on some) would leave them as they were. Folders take
 * times from the system clock, as the listing does; 5 s also covers a clock a little off.
 */
const SETTLED_MS = 5000;

/**
 * `path`'s entries: `kept`, when its inode and change times are the ones `kept` was read at and it had settled by
 * then; else read now. Undefined when it is no folder (any more).
 */
function readFolder(path: string, kept: FolderState | undefined, now: number): FolderState | undefined {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(path);
  } catch {
    return undefined;
  }
  if (!st.isDirectory()) return undefined;
  if (
    kept &&
    kept.ino === st.ino &&
    kept.mtimeMs === st.mtimeMs &&
    kept.ctimeMs === st.ctimeMs &&
    kept.listedMs - Math.max(st.mtimeMs, st.ctimeMs) >= SETTLED_MS
  )
    return kept;
  let entries: Dirent[];
  try {
    entries = readdirSync(path, { withFileTypes: true });
  } catch {
    return undefined;
  }
  const folders: string[] = [];
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.isDirectory()) folders.push(entry.name);
    // Only names a transcript or meta file can have (classifyTranscriptPath): the rest is never looked at.
    else if (entry.isFile() && (entry.name.endsWith(".jsonl") || entry.name.endsWith(".meta.json")))
      files.push(entry.name);
  }
  return { ino: st.ino, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, listedMs: now, folders, files };
}

/** Reads transcripts from `projects/` folders, a chunk at a time with one reused buffer. */
export function createFsTranscriptSource({
  projectDirs,
  focus,
  now: clock = Date.now,
}: FsTranscriptSourceOptions): TranscriptSource {
  let buffer = Buffer.allocUnsafe(CHUNK);
  const focused = focus === undefined ? null : focusedTranscript(projectDirs, focus);
  return {
    list(known) {
      const transcripts: TranscriptFile[] = [];
      const agentMeta: AgentMetaFile[] = [];
      // The same file reached through two config folders (a symlink, a repeated entry) is read once.
      const seen = new Set<string>();
      // A full listing reads a folder only when it changed since the last one (docs/transcripts.md, "How folders are
      // listed").
      const before = focused ? undefined : known?.();
      const changes = new Map<string, FolderState | null>();
      const now = clock();
      // One plain listing per folder, carrying the path below `projects/` down: a third of the time of the
      // recursive form, which builds each entry's parent path and a Dirent it queues (bench/README.md).
      const visited = new Set<string>();
      const visit = (path: string, below: string) => {
        const kept = before?.get(path);
        const folder = readFolder(path, kept, now);
        if (folder === undefined) return; // removed since its parent was listed
        if (before) {
          visited.add(path);
          if (folder !== kept) changes.set(path, folder);
        }
        for (const name of folder.files)
          add(`${path}${sep}${name}`, below === "" ? name : `${below}/${name}`);
        for (const name of folder.folders)
          visit(`${path}${sep}${name}`, below === "" ? name : `${below}/${name}`);
      };
      const add = (path: string, rel: string) => {
        const kind = classifyTranscriptPath(rel);
        if (kind.kind === "other") return;
        let st: ReturnType<typeof statSync>;
        try {
          st = statSync(path);
        } catch {
          return; // deleted between listing and stat
        }
        const id = `${st.dev}:${st.ino}`;
        if (seen.has(id)) return;
        seen.add(id);
        const common = { path, size: st.size, mtimeMs: Math.trunc(st.mtimeMs), ino: st.ino };
        if (kind.kind === "transcript")
          transcripts.push({ ...common, project: kind.project, agentId: kind.agentId });
        else agentMeta.push({ ...common, agentId: kind.agentId });
      };
      if (focused) {
        // Built as the full listing builds it: a file's state in the ledger is keyed by this string.
        const file = `${focused.projectDir}${sep}${focused.below.split("/").join(sep)}`;
        add(file, focused.below);
        visit(file.slice(0, -".jsonl".length), focused.below.slice(0, -".jsonl".length));
      } else for (const dir of projectDirs) visit(dir, "");
      transcripts.sort((a, b) => (a.path < b.path ? -1 : 1));
      if (!before) return { transcripts, agentMeta };
      // A folder kept from before and not reached now (it, or a folder above it, is gone) is forgotten; one under
      // another config folder (a hook's run may list one more than a report's) is kept for the runs that list it.
      const listedHere = (path: string) =>
        projectDirs.some((dir) => path === dir || path.startsWith(`${dir}${sep}`));
      for (const path of before.keys()) if (!visited.has(path) && listedHere(path)) changes.set(path, null);
      return { transcripts, agentMeta, folders: changes };
    },
    read(file, offset, consume) {
      const fd = openSync(file.path, "r");
      try {
        let filled = 0;
        let base = offset;
        let at = offset;
        // Only the bytes that existed when the file was listed: a line being appended now is read next time.
        while (at < file.size) {
          if (filled === buffer.length) {
            const bigger = Buffer.allocUnsafe(buffer.length * 2);
            buffer.copy(bigger, 0, 0, filled);
            buffer = bigger;
          }
          const n = readSync(fd, buffer, filled, Math.min(buffer.length - filled, CHUNK, file.size - at), at);
          if (n === 0) break;
          at += n;
          filled += n;
          const view = buffer.subarray(0, filled);
          const used = consume(view, 0, filled, base, at >= file.size);
          if (used > 0) {
            buffer.copy(buffer, 0, used, filled);
            filled -= used;
            base += used;
          }
        }
        return base;
      } finally {
        closeSync(fd);
      }
    },
    readText: (path) => readFileSync(path, "utf8"),
  };
}
