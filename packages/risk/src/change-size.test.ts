import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { assessChangeRisk } from "./assess.js";
import { changeSize } from "./change-size.js";
import { readGitChanges } from "./git.js";
import type { FileChange } from "./parse-diff.js";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd, stdio: "pipe" });

describe("changeSize", () => {
  it("sizes a real working tree: git's paths, added plus removed lines, new functions", async () => {
    dir = mkdtempSync(join(tmpdir(), "vextrus-size-"));
    git(dir, "init", "-q");
    writeFileSync(join(dir, "app.ts"), "export const a = 1;\nexport const b = 2;\n");
    git(dir, "add", ".");
    git(dir, "commit", "-q", "-m", "init");
    writeFileSync(
      join(dir, "app.ts"),
      "export const a = 1;\nexport function pay() {\n  return 1;\n}\nexport function refund() {}\n",
    );
    writeFileSync(join(dir, "notes.md"), "untracked\n");
    const changes = await readGitChanges({ cwd: dir, scope: { kind: "worktree" } });
    const size = changeSize(changes);
    // app.ts: 1 line removed, 4 added; the untracked notes.md: 1 added.
    expect(size).toEqual({ files: ["app.ts", "notes.md"], linesChanged: 6, newFunctions: 2 });
    // The same numbers the risk assessment reports for the change.
    const { stats } = assessChangeRisk({ diff: changes.diff, files: changes.files });
    expect(size.linesChanged).toBe(stats.added + stats.removed);
    expect(size.newFunctions).toBe(stats.newFunctions);
  });

  it("takes a parsed diff too, and a change with no diff is files only", () => {
    expect(changeSize({ diff: "", files: ["a.ts"] })).toEqual({
      files: ["a.ts"],
      linesChanged: 0,
      newFunctions: 0,
    });
    const parsed: FileChange[] = [
      {
        path: "x.py",
        status: "modified",
        added: 3,
        removed: 1,
        addedLines: [],
        newFunctions: 1,
        binary: false,
      },
    ];
    expect(changeSize({ diff: parsed, files: ["x.py"] })).toMatchObject({ linesChanged: 4, newFunctions: 1 });
  });
});
