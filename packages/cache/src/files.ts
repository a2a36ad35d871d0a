import { type SearchRunner, type SearchStamper, stampOf, stampOfFiles } from "./search.js";
import { runSearch, searchInputs } from "./search-run.js";

/** How the cache looks at files, passed in so the rules run without a disk (`createFsProbe` in node.ts). */
export interface FileProbe {
  /** Size and modification time, or null when the file is missing or unreadable. */
  stat(path: string): Promise<{ size: number; mtimeMs: number } | null>;
  /** The file's bytes, or null when it is missing or unreadable. */
  read(path: string): Promise<Uint8Array | null>;
  /**
   * Re-runs a search (`Grep`, `Glob`, `LS`) over the project within a time bound; null when it cannot finish.
   * A probe without it cannot check search dependencies: entries with searches then miss and are not stored.
   */
  search?: SearchRunner;
  /**
   * A search's stamp: a digest of everything its result depends on (for a Grep its files' paths, sizes and
   * mtimes; for a Glob or LS the listing), so an unchanged one need not be re-run; null when the probe cannot
   * stamp it. Optional.
   */
  searchStamp?: SearchStamper;
  /** The project folder: search results that name absolute paths under it are compared relative to it. */
  readonly root?: string;
}

/** A file an agent's output depends on, as it was when the output was stored. */
export interface FileDependency {
  path: string;
  size: number;
  mtimeMs: number;
  sha256: string;
  /**
   * The file was modified so close to the moment it was read or stored (or later) that a further change could
   * keep its size and mtime (as git's "racy" index entries): a lookup then compares content, never stat alone.
   */
  racy?: true;
}

/**
 * A file the agent read, as the caller saw it: the sha256 of the content the agent received (a whole-file read),
 * or none for a partial read (offset/limit), and when the read started on the cache's clock.
 */
export interface FileRead {
  kind?: "file";
  path: string;
  sha256?: string;
  /**
   * Instead of `sha256`: the text the agent received (a `Read` result's `file.content`), from line `startLine`
   * (1-based, default 1) on. Compared with the file's lines there, ignoring a byte-order mark, CRLF versus LF and
   * trailing newlines. `whole`: the read covered the file (Read's `startLine` 1 and `numLines` = `totalLines`),
   * so the file must have no other lines either.
   */
  content?: string;
  startLine?: number;
  whole?: boolean;
  readAt?: number;
}

export interface MemoryProbeOptions {
  /** The folder the map's relative paths are under, for search arguments and results that name absolute paths. */
  root?: string;
  /** Paths a search leaves out, as `.gitignore` would (the file-system probe reads the real rules). */
  ignored?: (path: string) => boolean;
}

/** A probe over an in-memory map of path → text, for tests and tools that hold files themselves. */
export function createMemoryProbe(
  files: Map<string, { data: string | Uint8Array; mtimeMs: number }>,
  options: MemoryProbeOptions = {},
): FileProbe {
  const bytes = (data: string | Uint8Array) =>
    typeof data === "string" ? new TextEncoder().encode(data) : data;
  const text = (data: string | Uint8Array) =>
    typeof data === "string" ? data : new TextDecoder().decode(data);
  const visible = () => [...files.keys()].filter((p) => !options.ignored?.(p)).sort();
  return {
    ...(options.root !== undefined && { root: options.root }),
    async stat(path) {
      const f = files.get(path);
      return f ? { size: bytes(f.data).byteLength, mtimeMs: f.mtimeMs } : null;
    },
    async read(path) {
      const f = files.get(path);
      return f ? bytes(f.data) : null;
    },
    async searchStamp(tool, args) {
      const listed = visible();
      const inputs = searchInputs(tool, args, listed, options.root);
      if (!inputs) return null;
      // A Glob or LS result follows from the listing alone: its paths, with no time in them (never racy).
      if (tool !== "Grep") return stampOfFiles(listed, new Float64Array());
      return stampOf(
        inputs.map((p) => {
          const f = files.get(p);
          return [p, f ? bytes(f.data).byteLength : -1, f?.mtimeMs ?? -1] as const;
        }),
      );
    },
    async search(tool, args) {
      const listed = visible();
      const dirs = new Set<string>();
      for (const p of listed) {
        const parts = p.split("/");
        for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join("/"));
      }
      return runSearch(
        tool,
        args,
        {
          files: listed,
          dirs: [...dirs].sort(),
          read: async (p) => {
            const f = files.get(p);
            return f ? text(f.data) : null;
          },
          expired: () => false,
        },
        options.root,
      );
    },
  };
}
