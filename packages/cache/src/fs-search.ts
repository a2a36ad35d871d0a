import { createHash } from "node:crypto";
import { type Dirent, readdirSync, readFileSync, statSync } from "node:fs";
import { join, sep } from "node:path";
import ignore, { type Ignore } from "ignore";
import { sha256 } from "./key.js";
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
 * The project as one walk sees it, before its files are tested against the ignore rules: every folder a search
 * enters (ignored folders are not entered), every regular file in them, and the text of every ignore file read.
 * The listing (`listingOf`) follows from it alone, so an equal walk means an equal listing: a lookup compares
 * walks and tests files against the rules only when it must re-run a search.
 */
interface ProjectWalk {
  /** Folders entered, the root ("") first; `stacks[i]` holds the rules that apply inside `folders[i]`. */
  folders: string[];
  stacks: Rules[][];
  /** `files[i]`: the files of `folders[i]`, paths from the root, ignored ones included. */
  files: string[][];
  /** `path\0text` of each ignore file read, in walk order. */
  ignoreTexts: string[];
}

/** The rules in `names` of folder `dir`, their texts recorded in `texts`; undefined when none could be read. */
function rules(dir: string, rel: string, names: readonly string[], texts: string[]): Ignore | undefined {
  const read: string[] = [];
  for (const name of names) {
    let text: string | undefined;
    try {
      text = readFileSync(join(dir, name), "utf8");
    } catch {
      // Gone or unreadable since the folder was listed: nothing to add.
    }
    texts.push(`${rel === "" ? name : `${rel}/${name}`}\0${text ?? "\u0001unreadable"}`);
    if (text !== undefined) read.push(text);
  }
  return read.length > 0 ? ignore().add(read.join("\n")) : undefined;
}

/**
 * Walks the project: `.gitignore` (and `.ignore`, `.rgignore`) of each folder applied to the folders below it,
 * `.git/info/exclude` at the root, hidden entries included and symbolic links left out (Claude Code runs ripgrep
 * with `--hidden --no-follow`: docs/claude-code-search-tools.md). Null when `expired()` turns true first.
 */
function walkProject(root: string, expired: () => boolean): ProjectWalk | null {
  const ignoreTexts: string[] = [];
  const exclude = rules(join(root, ".git", "info"), ".git/info", ["exclude"], ignoreTexts);
  const walk: ProjectWalk = {
    folders: [""],
    stacks: [exclude ? [{ base: "", ig: exclude }] : []],
    files: [],
    ignoreTexts,
  };
  // Breadth first, reading the queue by index (shift() moves every element on each call).
  for (let i = 0; i < walk.folders.length; i++) {
    if (expired()) return null;
    const rel = walk.folders[i] as string;
    const abs = rel === "" ? root : join(root, rel);
    const files: string[] = [];
    walk.files.push(files);
    let entries: Dirent[];
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch {
      continue;
    }
    const present = IGNORE_FILES.filter((name) => entries.some((e) => e.name === name && e.isFile()));
    const own = present.length > 0 ? rules(abs, rel, present, ignoreTexts) : undefined;
    const above = walk.stacks[i] as Rules[];
    const stack = own ? [...above, { base: rel, ig: own }] : above;
    walk.stacks[i] = stack;
    for (const entry of entries) {
      const path = rel === "" ? entry.name : `${rel}/${entry.name}`;
      if (entry.isFile()) files.push(path);
      else if (entry.isDirectory() && !NEVER.has(entry.name) && !ignoredBy(stack, path, true)) {
        walk.folders.push(path);
        walk.stacks.push(stack);
      }
    }
  }
  return walk;
}

/** Every file of the walk, ignored ones included, sorted. */
function walkFiles(walk: ProjectWalk): string[] {
  return walk.files.flat().sort();
}

/** The listing a walk stands for: its files tested against the rules of their folder. */
function listingOf(walk: ProjectWalk): ProjectListing {
  const files: string[] = [];
  for (const [i, inFolder] of walk.files.entries()) {
    const stack = walk.stacks[i] as Rules[];
    for (const path of inFolder) if (stack.length === 0 || !ignoredBy(stack, path, false)) files.push(path);
  }
  return { files: files.sort(), dirs: walk.folders.slice(1).sort() };
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
  const walk = walkProject(root, expired);
  return walk && listingOf(walk);
}

/** One walk of the project, shared by the searches and stamps of a round, with what is derived from it on demand. */
class RoundView {
  #files?: string[];
  #digest?: string;
  #rules?: string;
  #listing?: ProjectListing;
  constructor(readonly walk: ProjectWalk) {}
  /** Every file walked, ignored ones included, sorted. */
  get files(): string[] {
    this.#files ??= walkFiles(this.walk);
    return this.#files;
  }
  /**
   * sha256 of the folders, the files and the ignore texts, each sorted (the order a file system lists entries in
   * says nothing): equal digests, equal listings.
   */
  get digest(): string {
    this.#digest ??= createHash("sha256")
      .update([...this.walk.folders].sort().join("\0"))
      .update("\n")
      .update(this.files.join("\0"))
      .update("\n")
      .update(this.rules)
      .digest("hex");
    return this.#digest;
  }
  /** sha256 of the ignore texts read, with their paths: which of the files walked a search sees follows from it. */
  get rules(): string {
    this.#rules ??= sha256([...this.walk.ignoreTexts].sort().join("\n\0"));
    return this.#rules;
  }
  get listing(): ProjectListing {
    this.#listing ??= listingOf(this.walk);
    return this.#listing;
  }
}

/**
 * Re-runs Claude Code's `Grep`, `Glob` and `LS` over the project at `root` within `timeoutMs` (checked between
 * folders and files), with the rules of `runSearch`; null when it cannot finish in time. The searches and stamps
 * of one round share one walk of the project.
 *
 * `stamp` answers without testing a file against the ignore rules or reading one: a `Glob` or `LS` result follows
 * from the listing, so its stamp is the walk's digest (folders, files, ignore texts: no time in it, never racy);
 * a `Grep` depends on the ignore texts, on which files lie under its folder and pass its `glob` (ignored ones
 * included: a change to one only costs a re-run) and on their bytes, so its stamp is the texts, those paths and
 * one `stat` (size, mtime) of each.
 */
export function createFsSearch(root: string): { search: SearchRunner; stamp: SearchStamper } {
  const rounds = new WeakMap<object, RoundView>();
  const base = `${root.replace(/[\\/]+$/, "")}${sep}`;
  const start = ({ timeoutMs, signal, round }: SearchRunOptions) => {
    const deadline = performance.now() + timeoutMs;
    const expired = () => signal?.aborted === true || performance.now() >= deadline;
    let view = round && rounds.get(round);
    if (!view) {
      const walk = walkProject(root, expired);
      view = walk ? new RoundView(walk) : undefined;
      if (view && round) rounds.set(round, view);
    }
    return { view, expired };
  };
  return {
    async search(tool, args, options) {
      const { view, expired } = start(options);
      if (!view) return null;
      const read = async (path: string) => {
        try {
          return readFileSync(join(root, path), "utf8");
        } catch {
          return null;
        }
      };
      return runSearch(tool, args, { ...view.listing, read, expired }, root);
    },
    async stamp(tool, args, options) {
      const { view, expired } = start(options);
      const inputs = view && searchInputs(tool, args, view.files, root);
      if (!inputs) return null;
      if (tool !== "Grep") return { stamp: view.digest, newestMtimeMs: Number.NEGATIVE_INFINITY };
      const numbers = new Float64Array(inputs.length * 2);
      for (let i = 0; i < inputs.length; i++) {
        if (i % 256 === 0 && expired()) return null;
        // Concatenation, not join(): walked paths are already normal, and join() costs more than the stat here.
        const st = statSync(`${base}${inputs[i]}`, NO_THROW);
        numbers[2 * i] = st ? st.size : -1;
        numbers[2 * i + 1] = st ? st.mtimeMs : -1;
      }
      const files = stampOfFiles(inputs, numbers);
      // The files walked (their paths are in the stamp) and the rules decide which of them the Grep reads.
      return { stamp: sha256(`${view.rules}\0${files.stamp}`), newestMtimeMs: files.newestMtimeMs };
    },
  };
}
