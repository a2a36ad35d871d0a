import { readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import type { FileProbe } from "./files.js";

/** The file system, with relative dependency paths taken from `root` (the project folder). */
export function createFsProbe({ root }: { root: string }): FileProbe {
  return {
    async stat(path) {
      try {
        const st = await stat(resolve(root, path));
        return st.isFile() ? { size: st.size, mtimeMs: st.mtimeMs } : null;
      } catch {
        return null;
      }
    },
    async read(path) {
      try {
        return await readFile(resolve(root, path));
      } catch {
        return null;
      }
    },
  };
}
