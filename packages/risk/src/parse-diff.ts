import { parsePatch, type StructuredPatch } from "diff";
import { VextrusRiskError } from "./errors.js";
import { countNewFunctions, DEFAULT_LANGUAGES, type LanguagePatterns, languageFor } from "./languages.js";

/**
 * What happened to a path. `added`, `deleted` and `renamed` win over `binary`, which replaces `modified` for
 * binary content; the `binary` flag is set on every binary entry whatever its status. Copies are `added`
 * with `oldPath` naming the source.
 */
export type FileStatus = "added" | "modified" | "deleted" | "renamed" | "binary";

export interface FileChange {
  /** Path after the change, without git's `a/`/`b/` prefixes; the old path for deleted files. */
  path: string;
  /** Path before a rename or copy. */
  oldPath?: string;
  status: FileStatus;
  added: number;
  removed: number;
  /** Added lines without their `+`; empty for binary files. */
  addedLines: string[];
  /** Function declarations among the added lines (see `DEFAULT_LANGUAGES`). */
  newFunctions: number;
  binary: boolean;
  /** Id of the language whose function patterns applied, when one did. */
  language?: string;
}

export interface ParseDiffOptions {
  languages?: readonly LanguagePatterns[];
}

const SECTION_START = /^diff --(?:git|cc|combined) /;
const DEV_NULL = "/dev/null";

/**
 * One entry per file of a unified diff, as printed by `git diff`, `git show`, `git log -p`, `git format-patch`
 * or plain `diff -u`. Text that holds no file diff (`""`, a commit without changes) gives `[]`.
 * Throws `VextrusRiskError` `DIFF_INVALID` when a hunk's line counts do not match its header (a truncated or
 * hand-edited diff), naming the file.
 */
export function parseUnifiedDiff(diff: string, options: ParseDiffOptions = {}): FileChange[] {
  if (typeof diff !== "string") {
    throw new VextrusRiskError("INPUT_INVALID", `diff: expected a string, got ${typeof diff}`);
  }
  const languages = options.languages ?? DEFAULT_LANGUAGES;
  const lines = normalize(diff).split("\n");
  const starts: number[] = [];
  for (let i = 0; i < lines.length; i++) if (SECTION_START.test(lines[i] as string)) starts.push(i);

  const changes: FileChange[] = [];
  if (starts.length === 0) {
    // Not git's dialect (`diff -u`, `svn diff`): parsePatch handles the whole text.
    for (const patch of parseSection(lines, 0, lines.length)) {
      const change = fromPatch(patch, undefined, languages);
      if (change) changes.push(change);
    }
    return changes;
  }
  // Git's output is split per file before parsePatch sees it, so that: text before the first file (the commit
  // header of `git show`, the message and diffstat of `format-patch`, where a `--- ` line would be taken for a
  // file header) is dropped; combined diffs, which parsePatch does not know, go to our own reader; and a parse
  // error can name its file.
  for (let s = 0; s < starts.length; s++) {
    const start = starts[s] as number;
    const end = starts[s + 1] ?? lines.length;
    const header = lines[start] as string;
    if (!header.startsWith("diff --git ")) {
      changes.push(parseCombined(lines, start, end, languages));
      continue;
    }
    for (const patch of parseSection(lines, start, end)) {
      const change = fromPatch(patch, gitSection(lines, start, end), languages);
      if (change) changes.push(change);
    }
  }
  return changes;
}

function normalize(diff: string): string {
  let text = diff;
  // `git diff --color` or `color.ui=always` piped in: the escapes sit before the `+`/`-` that parsePatch reads.
  if (text.includes("\u001b["))
    text = text.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g"), "");
  // CRLF (a diff saved on Windows): parsePatch splits on `\n` only, so a `\r` would end up in every path.
  if (text.includes("\r")) text = text.replace(/\r$/gm, "");
  return text;
}

function parseSection(lines: readonly string[], start: number, end: number): StructuredPatch[] {
  try {
    return parsePatch(lines.slice(start, end).join("\n"));
  } catch (error) {
    const where = start === 0 && end === lines.length ? "the diff" : `"${lines[start]}" (line ${start + 1})`;
    throw new VextrusRiskError(
      "DIFF_INVALID",
      `cannot read ${where}: ${error instanceof Error ? error.message : String(error)} (lines are counted within that file's section; is the diff truncated or edited by hand?)`,
      { cause: error },
    );
  }
}

interface GitSection {
  /** `GIT binary patch` (from `git diff --binary`), which parsePatch does not flag as binary. */
  binaryPatch: boolean;
  /** File names read from the `diff --git` line when parsePatch could not (no-prefix, mnemonic prefixes). */
  headerNames: [string, string] | undefined;
}

function gitSection(lines: readonly string[], start: number, end: number): GitSection {
  let binaryPatch = false;
  for (let i = start + 1; i < end; i++) {
    const line = lines[i] as string;
    if (line.startsWith("@@") || line.startsWith("--- ") || line.startsWith("+++ ")) break;
    if (line === "GIT binary patch") binaryPatch = true;
  }
  return { binaryPatch, headerNames: gitHeaderNames((lines[start] as string).slice("diff --git ".length)) };
}

/**
 * parsePatch reads `diff --git a/x b/x` only with `a/` and `b/` prefixes, so a mode-only change printed with
 * `--no-prefix` or `diff.mnemonicPrefix` (`i/x w/x`) comes back nameless. Such a line names one file twice,
 * so it splits in the middle.
 */
function gitHeaderNames(rest: string): [string, string] | undefined {
  if (rest.startsWith('"')) {
    const first = unquote(rest);
    const second = first && rest[first.length] === " " ? unquote(rest.slice(first.length + 1)) : undefined;
    return first && second ? [first.value, second.value] : undefined;
  }
  if (rest.length % 2 === 0) return undefined;
  const mid = (rest.length - 1) / 2;
  const a = rest.slice(0, mid);
  const b = rest.slice(mid + 1);
  if (rest[mid] !== " ") return undefined;
  if (a === b || (/^[a-z]\//.test(a) && /^[a-z]\//.test(b) && a.slice(2) === b.slice(2))) return [a, b];
  return undefined;
}

/** Git's C-style quoting of paths with special characters: `"src/t\303\251st.ts"` → `src/tést.ts`. */
function unquote(text: string): { value: string; length: number } | undefined {
  if (!text.startsWith('"')) return undefined;
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  const simple: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, "\\": 92, '"': 34 };
  for (let i = 1; i < text.length; i++) {
    const char = text[i] as string;
    if (char === '"') return { value: new TextDecoder().decode(new Uint8Array(bytes)), length: i + 1 };
    if (char !== "\\") {
      bytes.push(...encoder.encode(char));
      continue;
    }
    const next = text[i + 1] ?? "";
    const octal = /^[0-7]{3}/.exec(text.slice(i + 1, i + 4));
    if (octal) {
      bytes.push(Number.parseInt(octal[0], 8));
      i += 3;
    } else if (next in simple) {
      bytes.push(simple[next] as number);
      i += 1;
    } else {
      return undefined;
    }
  }
  return undefined;
}

// Git's default prefixes and its mnemonic ones (commit, index, work tree, object).
const GIT_PREFIX = /^[abciow]\//;

/** Drops git's `a/`/`b/` (or mnemonic) prefixes, but only when every named side has one. */
function stripPrefixes(oldName: string | undefined, newName: string | undefined): [string?, string?] {
  const named = [oldName, newName].filter((name): name is string => name !== undefined && name !== DEV_NULL);
  if (named.length === 0 || !named.every((name) => GIT_PREFIX.test(name))) return [oldName, newName];
  const strip = (name: string | undefined) =>
    name === undefined || name === DEV_NULL ? name : name.slice(2);
  return [strip(oldName), strip(newName)];
}

function fromPatch(
  patch: StructuredPatch,
  git: GitSection | undefined,
  languages: readonly LanguagePatterns[],
): FileChange | undefined {
  let oldName = patch.oldFileName;
  let newName = patch.newFileName;
  if (oldName === undefined && newName === undefined && git?.headerNames)
    [oldName, newName] = git.headerNames;
  if (oldName === undefined && newName === undefined) {
    if (patch.hunks.length === 0) return undefined;
    throw new VextrusRiskError(
      "DIFF_INVALID",
      "a hunk has no file name: expected `--- a/…` and `+++ b/…` before `@@`",
    );
  }
  [oldName, newName] = stripPrefixes(oldName, newName);
  const deleted = patch.isDelete === true || newName === DEV_NULL;
  const created = patch.isCreate === true || oldName === DEV_NULL;
  const path = (deleted ? oldName : newName) ?? oldName ?? (newName as string);
  const binary = patch.isBinary === true || git?.binaryPatch === true;
  const moved =
    (patch.isRename === true || patch.isCopy === true) && oldName !== undefined && oldName !== path;

  let added = 0;
  let removed = 0;
  const addedLines: string[] = [];
  for (const hunk of patch.hunks) {
    for (const line of hunk.lines) {
      // `\ No newline at end of file` and context lines are neither added nor removed.
      if (line.startsWith("+")) {
        added++;
        addedLines.push(line.slice(1));
      } else if (line.startsWith("-")) {
        removed++;
      }
    }
  }
  const status: FileStatus = deleted
    ? "deleted"
    : created || patch.isCopy === true
      ? "added"
      : patch.isRename === true
        ? "renamed"
        : binary
          ? "binary"
          : "modified";
  return build(
    { path, oldPath: moved ? oldName : undefined, status, added, removed, addedLines, binary },
    languages,
  );
}

/**
 * `diff --cc` / `diff --combined` (a conflicted merge in `git diff`, a merge commit in `git show`), which
 * parsePatch does not read. Each body line starts with one marker column per parent; a `+` in any column is
 * an added line, a `-` a removed one. Hunk counts are not checked: this reader only counts.
 */
function parseCombined(
  lines: readonly string[],
  start: number,
  end: number,
  languages: readonly LanguagePatterns[],
): FileChange {
  const header = lines[start] as string;
  const rest = header.slice(header.indexOf(" ", "diff --".length) + 1);
  const path = rest.startsWith('"') ? (unquote(rest)?.value ?? rest) : rest;
  let parents = 0;
  let status: FileStatus = "modified";
  let binary = false;
  let added = 0;
  let removed = 0;
  const addedLines: string[] = [];
  for (let i = start + 1; i < end; i++) {
    const line = lines[i] as string;
    if (/^@@@+ /.test(line)) {
      parents = (/^@+/.exec(line)?.[0].length ?? 1) - 1;
      continue;
    }
    if (parents === 0) {
      if (line.startsWith("new file mode")) status = "added";
      else if (line.startsWith("deleted file mode")) status = "deleted";
      else if (line.startsWith("Binary files ")) binary = true;
      continue;
    }
    const markers = line.slice(0, parents);
    if (markers.includes("+")) {
      added++;
      addedLines.push(line.slice(parents));
    } else if (markers.includes("-")) {
      removed++;
    }
  }
  if (binary && status === "modified") status = "binary";
  return build({ path, status, added, removed, addedLines, binary }, languages);
}

function build(
  change: Omit<FileChange, "newFunctions" | "language">,
  languages: readonly LanguagePatterns[],
): FileChange {
  const language = change.binary ? undefined : languageFor(change.path, languages);
  const result: FileChange = {
    path: change.path,
    ...(change.oldPath === undefined ? {} : { oldPath: change.oldPath }),
    status: change.status,
    added: change.added,
    removed: change.removed,
    addedLines: change.addedLines,
    newFunctions: countNewFunctions(change.addedLines, language),
    binary: change.binary,
  };
  if (language) result.language = language.id;
  return result;
}
