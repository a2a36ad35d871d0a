import { readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import type { FileProbe } from "./files.js";
import { createFsSearch } from "./fs-search.js";

/**
 * The file system, with relative dependency paths taken from `root` (the project folder); searches re-run over
 * the project with its ignore rules (`createFsSearch`).
 */
export function createFsProbe({ root }: { root: string }): FileProbe {
  const searches = createFsSearch(root);
  return {
    root,
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
    search: searches.search,
    searchStamp: searches.stamp,
  };
}
