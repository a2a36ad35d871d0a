import { type Dirent, readdirSync, readFileSync, statSync } from "node:fs";
import { join, sep } from "node:path";
import ignore, { type Ignore } from "ignore";
import { type SearchRunner, type SearchRunOptions, type SearchStamper, stampOfFiles } from "./search.js";
import { runSearch, searchInputs } from "./search-run.js";

/**
 * Folders no search enters, whatever the ignore files say: Claude Code's Grep passes `--glob !<name>` for each
 * (docs/claude-code-search-tools.md).
 */
const NEVER = new Set([".git", ".svn", ".hg", ".bzr", ".jj", ".sl"]);
/** The ignore files ripgrep reads in every folder, in its order of precedence (later wins). */
const IGNORE_FILES = [".gitignore", ".ignore", ".rgignore"];
const NO_THROW = { throwIfNoEntry: false } as const;

function rules(dir: string, names: readonly string[]): Ignore | undefined {
  const texts: string[] = [];
  for (const name of names) {
    try {
      texts.push(readFileSync(join(dir, name), "utf8"));
    } catch {
      // Gone or unreadable since the folder was listed: nothing to add.
    }
  }
  return texts.length > 0 ? ignore().add(texts.join("\n")) : undefined;
}

type Rules = { base: string; ig: Ignore };

/** Whether any set of rules (each relative to its folder) ignores `path`, a folder when `dir`. */
function ignoredBy(stack: readonly Rules[], path: string, dir: boolean): boolean {
  for (const { base, ig } of stack) {
    const rel = base === "" ? path : path.slice(base.length + 1);
    if (ig.ignores(dir ? `${rel}/` : rel)) return true;
  }
  return false;
}

export interface ProjectListing {
  files: string[];
  dirs: string[];
}

/**
 * Every file and folder of the project that ripgrep would search: `.gitignore` (and `.ignore`, `.rgignore`) of
 * each folder applied to what lies below it, `.git/info/exclude` at the root, hidden files included and symbolic
 * links not followed (Claude Code runs ripgrep with `--hidden --no-follow`: docs/claude-code-search-tools.md).
 * A `!pattern` of a deeper ignore file does not bring back what a shallower one excluded (ripgrep would): such a
 * file then looks absent, and a search that the agent saw it in compares unequal, the safe side. Null when
 * `expired()` turns true first.
 *
 * Synchronous file-system calls: a hook process has nothing else to do meanwhile, and for thousands of small
 * calls they cost a fraction of the promise-based ones (no thread-pool round trip per call).
 */
export function listProject(root: string, expired: () => boolean): ProjectListing | null {
  const files: string[] = [];
  const dirs: string[] = [];
  const exclude = rules(join(root, ".git", "info"), ["exclude"]);
  // Each folder carries the rules of the folders above it, with the folder each set of rules is relative to.
  type Level = { rel: string; stack: Rules[] };
  const queue: Level[] = [{ rel: "", stack: exclude ? [{ base: "", ig: exclude }] : [] }];
  for (let head = 0; head < queue.length; head++) {
    const next = queue[head] as Level;
    if (expired()) return null;
    const { rel, stack: above } = next;
    const abs = rel === "" ? root : join(root, rel);
    let entries: Dirent[];
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch {
      continue;
    }
    const present = IGNORE_FILES.filter((name) => entries.some((e) => e.name === name && e.isFile()));
    const own = present.length > 0 ? rules(abs, present) : undefined;
    const stack = own ? [...above, { base: rel, ig: own }] : above;
    for (const entry of entries) {
      const dir = entry.isDirectory();
      if (dir ? NEVER.has(entry.name) : !entry.isFile()) continue;
      const path = rel === "" ? entry.name : `${rel}/${entry.name}`;
      if (stack.length > 0 && ignoredBy(stack, path, dir)) continue;
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
 * folders and files), with the rules of `runSearch`; null when it cannot finish in time. `stamp` gives a Grep's
 * stamp from one `stat` per file it reads. The searches and stamps of one round share one listing of the project.
 */
export function createFsSearch(root: string): { search: SearchRunner; stamp: SearchStamper } {
  const listings = new WeakMap<object, ProjectListing>();
  const base = `${root.replace(/[\\/]+$/, "")}${sep}`;
  const start = ({ timeoutMs, signal, round }: SearchRunOptions) => {
    const deadline = performance.now() + timeoutMs;
    const expired = () => signal?.aborted === true || performance.now() >= deadline;
    const listed = (round && listings.get(round)) ?? listProject(root, expired);
    if (listed && round) listings.set(round, listed);
    return { listed, expired };
  };
  return {
    async search(tool, args, options) {
      const { listed, expired } = start(options);
      if (!listed) return null;
      const read = async (path: string) => {
        try {
          return readFileSync(join(root, path), "utf8");
        } catch {
          return null;
        }
      };
      return runSearch(tool, args, { ...listed, read, expired }, root);
    },
    async stamp(tool, args, options) {
      const { listed, expired } = start(options);
      const inputs = listed && searchInputs(tool, args, listed.files, root);
      if (!inputs) return null;
      const numbers = new Float64Array(inputs.length * 2);
      for (let i = 0; i < inputs.length; i++) {
        if (i % 256 === 0 && expired()) return null;
        // Concatenation, not join(): listed paths are already normal, and join() costs more than the stat here.
        const st = statSync(`${base}${inputs[i]}`, NO_THROW);
        numbers[2 * i] = st ? st.size : -1;
        numbers[2 * i + 1] = st ? st.mtimeMs : -1;
      }
      return stampOfFiles(inputs, numbers);
    },
  };
}
