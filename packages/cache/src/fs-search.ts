import type { Dirent } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import ignore, { type Ignore } from "ignore";
import type { SearchRunner } from "./search.js";
import { runSearch } from "./search-run.js";

/** Folders no search enters, whatever the ignore files say (Claude Code's tools leave version-control data out). */
const NEVER = new Set([".git", ".hg", ".svn", ".jj", ".sl"]);

async function rules(dir: string, names: readonly string[]): Promise<Ignore | undefined> {
  const texts: string[] = [];
  for (const name of names) {
    try {
      texts.push(await readFile(join(dir, name), "utf8"));
    } catch {
      // No such file here: nothing to add.
    }
  }
  return texts.length > 0 ? ignore().add(texts.join("\n")) : undefined;
}

/**
 * Every file and folder of the project that ripgrep would search: `.gitignore` (and `.ignore`, `.rgignore`) of
 * each folder applied to what lies below it, `.git/info/exclude` at the root, hidden files included (Claude Code
 * runs ripgrep with `--hidden`), symbolic links not followed. Null when `expired()` turns true first.
 */
export async function listProject(
  root: string,
  expired: () => boolean,
): Promise<{ files: string[]; dirs: string[] } | null> {
  const files: string[] = [];
  const dirs: string[] = [];
  const exclude = await rules(join(root, ".git", "info"), ["exclude"]);
  // Each level carries the rules of the folders above it, with the folder each set of rules is relative to.
  type Level = { rel: string; stack: { base: string; ig: Ignore }[] };
  const queue: Level[] = [{ rel: "", stack: exclude ? [{ base: "", ig: exclude }] : [] }];
  while (queue.length > 0) {
    if (expired()) return null;
    const { rel, stack: above } = queue.shift() as Level;
    const abs = rel === "" ? root : join(root, rel);
    let entries: Dirent[];
    try {
      entries = await readdir(abs, { withFileTypes: true });
    } catch {
      continue;
    }
    const own = await rules(abs, [".gitignore", ".ignore", ".rgignore"]);
    const stack = own ? [...above, { base: rel, ig: own }] : above;
    for (const entry of entries) {
      const path = rel === "" ? entry.name : `${rel}/${entry.name}`;
      const dir = entry.isDirectory();
      if ((dir && NEVER.has(entry.name)) || (!dir && !entry.isFile())) continue;
      const ignored = stack.some(({ base, ig }) =>
        ig.ignores(`${base === "" ? path : path.slice(base.length + 1)}${dir ? "/" : ""}`),
      );
      if (ignored) continue;
      if (dir) {
        dirs.push(path);
        queue.push({ rel: path, stack });
      } else files.push(path);
    }
  }
  return { files: files.sort(), dirs: dirs.sort() };
}

/**
 * Re-runs Claude Code's `Grep`, `Glob` and `LS` over the project at `root` within `timeoutMs` (checked between
 * folders and files), with the rules of `runSearch`; null when it cannot finish in time.
 */
export function createFsSearch(root: string): SearchRunner {
  return async (tool, args, { timeoutMs, signal }) => {
    const deadline = performance.now() + timeoutMs;
    const expired = () => signal?.aborted === true || performance.now() >= deadline;
    const listed = await listProject(root, expired);
    if (!listed) return null;
    return runSearch(
      tool,
      args,
      {
        ...listed,
        read: async (path) => {
          try {
            return await readFile(join(root, path), "utf8");
          } catch {
            return null;
          }
        },
        expired,
      },
      root,
    );
  };
}
