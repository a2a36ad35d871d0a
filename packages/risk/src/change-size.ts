import { type FileChange, parseUnifiedDiff } from "./parse-diff.js";

/**
 * How big a change is, in the fields `@vextrus/complexity`'s task context takes (`files`, `linesChanged`,
 * `newFunctions`), so a caller sizes a task from the working tree with one call. It lives here because the counts
 * come from this package's diff parser (added and removed lines, new functions by language); the shape is plain
 * data, so neither package imports the other.
 */
export interface ChangeSize {
  /** The changed paths as given (git's list, untracked files included). */
  files: string[];
  /** Lines added plus lines removed. */
  linesChanged: number;
  newFunctions: number;
}

/** The size of a change read by `@vextrus/risk/git` (or any `{ diff, files }`): a unified diff and its paths. */
export function changeSize(changes: {
  readonly diff: string | readonly FileChange[];
  readonly files: readonly string[];
}): ChangeSize {
  const parsed = typeof changes.diff === "string" ? parseUnifiedDiff(changes.diff) : changes.diff;
  let linesChanged = 0;
  let newFunctions = 0;
  for (const file of parsed) {
    linesChanged += file.added + file.removed;
    newFunctions += file.newFunctions;
  }
  return { files: [...changes.files], linesChanged, newFunctions };
}
