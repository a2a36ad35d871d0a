import { dirname } from "node:path";
import type { ConfigFs } from "../src/io.js";

/** A ConfigFs over a map of path → text; every parent folder of a file exists, and `folders` add empty ones. */
export function memoryFs(files: Record<string, string>, folders: string[] = []): ConfigFs {
  const dirs = new Set(folders);
  for (const path of Object.keys(files))
    for (let dir = dirname(path); !dirs.has(dir); dir = dirname(dir)) {
      dirs.add(dir);
      if (dirname(dir) === dir) break;
    }
  return {
    readText: (path) => files[path],
    exists: (path) => path in files || dirs.has(path),
  };
}
