import { describe, expect, it } from "vitest";
import { fixture, gitDiff } from "../test/diffs.js";
import { VextrusRiskError } from "./errors.js";
import { type FileChange, parseUnifiedDiff } from "./parse-diff.js";

const byPath = (changes: FileChange[]) => new Map(changes.map((change) => [change.path, change]));
const summary = (change: FileChange | undefined) =>
  change && {
    status: change.status,
    oldPath: change.oldPath,
    added: change.added,
    removed: change.removed,
    binary: change.binary,
  };

describe("parseUnifiedDiff on real git output", () => {
  // `git diff --cached` after: a new migration, a deleted file, a changed PNG, a no-newline edit, chmod +x,
  // a rename with an edit, a pure rename, a non-ASCII (quoted) path and a path with spaces.
  const changes = parseUnifiedDiff(fixture("git-mixed.diff"));
  const files = byPath(changes);

  it("gives one entry per file, in diff order", () => {
    expect(changes.map((change) => change.path)).toEqual([
      "db/migrations/002_drop.sql",
      "legacy.ts",
      "logo.png",
      "notes.txt",
      "run.sh",
      "src/auth/sessions.ts",
      "src/renamed-big.ts",
      "src/tést.ts",
      "src/with space/file name.ts",
    ]);
  });

  it("reads a new file (--- /dev/null) with its added lines", () => {
    expect(files.get("db/migrations/002_drop.sql")).toMatchObject({
      status: "added",
      added: 1,
      removed: 0,
      addedLines: ["DROP TABLE users;"],
      language: "sql",
    });
    expect(files.get("db/migrations/002_drop.sql")?.oldPath).toBeUndefined();
  });

  it("reads a deleted file (+++ /dev/null) under its old path", () => {
    expect(summary(files.get("legacy.ts"))).toEqual({
      status: "deleted",
      oldPath: undefined,
      added: 0,
      removed: 1,
      binary: false,
    });
  });

  it('reads "Binary files a/x and b/x differ"', () => {
    expect(summary(files.get("logo.png"))).toEqual({
      status: "binary",
      oldPath: undefined,
      added: 0,
      removed: 0,
      binary: true,
    });
  });

  it("ignores `\\ No newline at end of file` markers", () => {
    expect(files.get("notes.txt")).toMatchObject({
      status: "modified",
      added: 1,
      removed: 1,
      addedLines: ["line 2"],
    });
  });

  it("reads a mode-only change as a modification without lines", () => {
    expect(summary(files.get("run.sh"))).toEqual({
      status: "modified",
      oldPath: undefined,
      added: 0,
      removed: 0,
      binary: false,
    });
  });

  it("reads a rename with content changes", () => {
    expect(files.get("src/auth/sessions.ts")).toMatchObject({
      status: "renamed",
      oldPath: "src/auth/session.ts",
      added: 1,
      removed: 0,
      addedLines: ["export const ttl = 60;"],
    });
  });

  it("reads a rename without content (similarity index 100%, no hunks)", () => {
    expect(summary(files.get("src/renamed-big.ts"))).toEqual({
      status: "renamed",
      oldPath: "src/big.ts",
      added: 0,
      removed: 0,
      binary: false,
    });
  });

  it('reads quoted paths ("a/src/t\\303\\251st.ts") and unquoted paths with spaces', () => {
    expect(summary(files.get("src/tést.ts"))).toMatchObject({ status: "modified", added: 1, removed: 1 });
    expect(summary(files.get("src/with space/file name.ts"))).toMatchObject({
      status: "modified",
      added: 1,
      removed: 1,
    });
  });

  it("reads a rename of a path with spaces, a new binary file and a deleted migration", () => {
    const more = byPath(parseUnifiedDiff(fixture("git-rename-spaces-deleted-migration.diff")));
    expect(summary(more.get("src/with space/other name.ts"))).toEqual({
      status: "renamed",
      oldPath: "src/with space/file name.ts",
      added: 0,
      removed: 0,
      binary: false,
    });
    expect(summary(more.get("data.bin"))).toMatchObject({ status: "added", binary: true });
    expect(summary(more.get("db/migrations/001_init.sql"))).toMatchObject({ status: "deleted", removed: 1 });
    // Files whose content is itself a diff: their `+diff --git` lines are content, not headers.
    expect(more.get("all.diff")).toMatchObject({ status: "added", added: 60 });
    expect(more.size).toBe(5);
  });

  it("flags `GIT binary patch` (git diff --binary) as binary, which parsePatch alone does not", () => {
    expect(summary(parseUnifiedDiff(fixture("git-binary-patch.diff"))[0])).toEqual({
      status: "binary",
      oldPath: undefined,
      added: 0,
      removed: 0,
      binary: true,
    });
    expect(summary(parseUnifiedDiff(fixture("git-new-binary-patch.diff"))[0])).toMatchObject({
      status: "added",
      binary: true,
      added: 0,
    });
  });

  it("names mode-only changes printed with --no-prefix or mnemonic prefixes (i/ w/)", () => {
    for (const name of ["git-no-prefix.diff", "git-mnemonic-prefix.diff"]) {
      const parsed = parseUnifiedDiff(fixture(name));
      expect(parsed.map((change) => [change.path, change.added, change.removed])).toEqual([
        ["notes.txt", 1, 1],
        ["run.sh", 0, 0],
      ]);
    }
  });

  it("reads combined diffs (diff --cc) of a conflicted merge and of a merge commit", () => {
    const conflict = parseUnifiedDiff(fixture("git-merge-conflict-cc.diff"));
    expect(conflict).toHaveLength(1);
    expect(conflict[0]).toMatchObject({ path: "conflict.ts", status: "modified", added: 5, removed: 0 });
    expect(conflict[0]?.addedLines[0]).toBe("<<<<<<< HEAD");
    const merge = parseUnifiedDiff(fixture("git-show-merge.diff"));
    expect(merge[0]).toMatchObject({ path: "conflict.ts", added: 1, removed: 2, addedLines: ["resolved"] });
  });

  it("drops the commit header and diffstat of `git show --stat -p`", () => {
    const parsed = parseUnifiedDiff(fixture("git-show-commit.diff"));
    expect(parsed.map((change) => change.path)).toEqual(changes.map((change) => change.path));
  });
});

describe("parseUnifiedDiff edge cases", () => {
  it("gives [] for an empty diff, whitespace, or text without a file diff", () => {
    expect(parseUnifiedDiff("")).toEqual([]);
    expect(parseUnifiedDiff("\n\n")).toEqual([]);
    expect(parseUnifiedDiff("commit 123\nAuthor: a <a@b>\n\n    empty commit\n")).toEqual([]);
  });

  it("reads quoted headers with spaces, as some tools write them", () => {
    const diff = [
      'diff --git "a/src/with space.ts" "b/src/with space.ts"',
      "index 1111111..2222222 100644",
      '--- "a/src/with space.ts"',
      '+++ "b/src/with space.ts"',
      "@@ -1 +1,2 @@",
      " keep",
      "+export function added() {}",
      "",
    ].join("\n");
    expect(parseUnifiedDiff(diff)).toEqual([
      {
        path: "src/with space.ts",
        status: "modified",
        added: 1,
        removed: 0,
        addedLines: ["export function added() {}"],
        newFunctions: 1,
        binary: false,
        language: "typescript",
      },
    ]);
  });

  it("ignores a format-patch message line that looks like a file header", () => {
    const diff = [
      "From 1234 Mon Sep 17 00:00:00 2001",
      "Subject: [PATCH] Fix",
      "",
      "--- this line is part of the message",
      "---",
      " a.ts | 2 +-",
      "",
      gitDiff([{ path: "a.ts", added: ["b"], removed: ["a"] }]),
    ].join("\n");
    expect(parseUnifiedDiff(diff).map((change) => [change.path, change.added, change.removed])).toEqual([
      ["a.ts", 1, 1],
    ]);
  });

  it("reads CRLF and colored diffs", () => {
    const plain = gitDiff([{ path: "src/a.ts", added: ["const a = () => 1;"], removed: ["old"] }]);
    const expected = parseUnifiedDiff(plain);
    expect(parseUnifiedDiff(plain.replace(/\n/g, "\r\n"))).toEqual(expected);
    const esc = String.fromCharCode(27);
    const colored = plain
      .split("\n")
      .map((line) => (line.startsWith("+") ? `${esc}[32m${line}${esc}[m` : `${esc}[1m${line}${esc}[m`))
      .join("\n");
    expect(parseUnifiedDiff(colored)).toEqual(expected);
  });

  it("reads plain `diff -u` output, which has no git headers", () => {
    const diff = [
      "--- a/notes.md\t2026-01-01 10:00:00.000000000 +0000",
      "+++ b/notes.md\t2026-01-02 10:00:00.000000000 +0000",
      "@@ -1,2 +1,2 @@",
      " title",
      "-old",
      "+new",
      "--- old.py\t2026-01-01",
      "+++ new.py\t2026-01-02",
      "@@ -0,0 +1 @@",
      "+def handler(event):",
      "",
    ].join("\n");
    expect(parseUnifiedDiff(diff).map((c) => [c.path, c.status, c.added, c.removed, c.newFunctions])).toEqual(
      [
        ["notes.md", "modified", 1, 1, 0],
        ["new.py", "modified", 1, 0, 1],
      ],
    );
  });

  it("reads copies as added files that name their source", () => {
    const diff = [
      "diff --git a/src/a.ts b/src/b.ts",
      "similarity index 100%",
      "copy from src/a.ts",
      "copy to src/b.ts",
      "",
    ].join("\n");
    expect(parseUnifiedDiff(diff)).toMatchObject([
      { path: "src/b.ts", oldPath: "src/a.ts", status: "added" },
    ]);
  });

  it("counts lines that look like headers inside a hunk as content", () => {
    const diff = gitDiff([
      { path: "db/schema.sql", removed: ["-- old comment", "++ weird"], added: ["--- section", "+++ x"] },
    ]);
    expect(parseUnifiedDiff(diff)[0]).toMatchObject({
      added: 2,
      removed: 2,
      addedLines: ["--- section", "+++ x"],
    });
  });

  it("throws DIFF_INVALID naming the file when a hunk's counts do not match (a truncated diff)", () => {
    const truncated = gitDiff([
      { path: "ok.ts", added: ["a"] },
      { path: "src/cut.ts", added: ["a", "b", "c"] },
    ])
      .split("\n")
      .slice(0, -3)
      .join("\n");
    try {
      parseUnifiedDiff(truncated);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(VextrusRiskError);
      expect((error as VextrusRiskError).code).toBe("DIFF_INVALID");
      expect((error as Error).message).toMatch(
        /^\[vextrus\] \[risk\] cannot read "diff --git a\/src\/cut\.ts/,
      );
    }
  });

  it("throws INPUT_INVALID for a non-string", () => {
    expect(() => parseUnifiedDiff(undefined as unknown as string)).toThrow(/diff: expected a string/);
  });

  it("counts new functions in added lines only, by file extension", () => {
    const diff = gitDiff([
      {
        path: "src/a.ts",
        removed: ["function gone() {}", "export const old = () => 1;"],
        added: ["let x = 1;"],
      },
      { path: "src/b.py", added: ["def one():", "    pass", "async def two(x):"] },
      { path: "README.md", added: ["function notCode() {}"] },
    ]);
    expect(parseUnifiedDiff(diff).map((change) => change.newFunctions)).toEqual([0, 2, 0]);
  });
});
