import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import type { FileProbe } from "./files.js";
import { createFsSearch } from "./fs-search.js";

/**
 * The file system, with relative dependency paths taken from `root` (the project folder); searches re-run over
 * the project with its ignore rules (`createFsSearch`).
 *
 * Synchronous calls behind the async interface: a lookup `stat`s each file it depends on, and a promise-based
 * `stat` is a round trip through libuv's thread pool that costs several times the system call (a 20-file hit
 * spent most of its time there); the hook process has nothing else to do meanwhile.
 */
export function createFsProbe({ root }: { root: string }): FileProbe {
  const searches = createFsSearch(root);
  return {
    root,
    async stat(path) {
      try {
        const st = statSync(resolve(root, path), { throwIfNoEntry: false });
        return st?.isFile() ? { size: st.size, mtimeMs: st.mtimeMs } : null;
      } catch {
        return null;
      }
    },
    async read(path) {
      try {
        return readFileSync(resolve(root, path));
      } catch {
        return null;
      }
    },
    search: searches.search,
    searchStamp: searches.stamp,
  };
}
