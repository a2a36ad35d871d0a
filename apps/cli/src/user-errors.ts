/**
 * What each file-system refusal means for the path it names. These come from a path the person gave or pointed
 * the environment at (a state folder that is a file, a read-only disk), so they are theirs to fix. ENOENT is not
 * here: a file missing where our own code expected one is a bug worth a report.
 */
const EXPECTED: Record<string, string> = {
  ENOTDIR: "expected a folder, but a part of this path is a file",
  EISDIR: "expected a file, but this is a folder",
  EACCES: "expected a path you may write to; permission denied",
  EPERM: "expected a path you may write to; operation not permitted",
  EROFS: "expected a writable path; the file system is read-only",
  ENOSPC: "expected room to write; the disk is full",
  EDQUOT: "expected room to write; the disk quota is used up",
  ENAMETOOLONG: "expected a shorter path",
  ELOOP: "expected a path without a symbolic-link loop",
};

/** `<path>: expected …` for a Node file-system error on a path, undefined for anything else. */
export function fileSystemMistake(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, path, syscall } = error as NodeJS.ErrnoException;
  // mkdir of a folder (recursive or not) meets a file where the folder should be.
  if (code === "EEXIST" && syscall === "mkdir" && typeof path === "string")
    return `${path}: expected a folder, but this is a file`;
  const expected = code === undefined ? undefined : EXPECTED[code];
  if (expected === undefined || typeof path !== "string") return undefined;
  return `${path}: ${expected}`;
}
