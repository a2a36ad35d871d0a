/** How the cache looks at files, passed in so the rules run without a disk (`createFsProbe` in node.ts). */
export interface FileProbe {
  /** Size and modification time, or null when the file is missing or unreadable. */
  stat(path: string): Promise<{ size: number; mtimeMs: number } | null>;
  /** The file's bytes, or null when it is missing or unreadable. */
  read(path: string): Promise<Uint8Array | null>;
}

/** A file an agent's output depends on, as it was when the output was stored. */
export interface FileDependency {
  path: string;
  size: number;
  mtimeMs: number;
  sha256: string;
}

/** A probe over an in-memory map of path → text, for tests and tools that hold files themselves. */
export function createMemoryProbe(
  files: Map<string, { data: string | Uint8Array; mtimeMs: number }>,
): FileProbe {
  const bytes = (data: string | Uint8Array) =>
    typeof data === "string" ? new TextEncoder().encode(data) : data;
  return {
    async stat(path) {
      const f = files.get(path);
      return f ? { size: bytes(f.data).byteLength, mtimeMs: f.mtimeMs } : null;
    },
    async read(path) {
      const f = files.get(path);
      return f ? bytes(f.data) : null;
    },
  };
}
