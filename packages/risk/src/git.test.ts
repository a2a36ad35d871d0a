import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultBranch, readGitChanges } from "./git.js";

function repo(): {
  dir: string;
  git: (...args: string[]) => string;
  write: (path: string, text: string) => void;
} {
  const dir = mkdtempSync(join(tmpdir(), "vx-git-"));
  const git = (...args: string[]) =>
    execFileSync("git", args, {
      cwd: dir,
      encoding: "utf8",
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "t",
        GIT_AUTHOR_EMAIL: "t@x",
        GIT_COMMITTER_NAME: "t",
        GIT_COMMITTER_EMAIL: "t@x",
      },
    });
  git("init", "-q", "-b", "main");
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  return { dir, git, write };
}

describe("readGitChanges", () => {
  it("works in a repository without commits: staged, unstaged and untracked files", async () => {
    const { dir, git, write } = repo();
    write("src/a.ts", "export const a = 1;\n");
    git("add", "src/a.ts");
    write("notes.md", "draft\n");
    const changes = await readGitChanges({ cwd: dir });
    expect(changes.scope).toEqual({ kind: "worktree" });
    expect(changes.files.sort()).toEqual(["notes.md", "src/a.ts"]);
    expect(changes.diff).toContain("+++ b/src/a.ts");
    expect(changes.diff).toContain("+export const a = 1;");
    // Untracked files are in the diff too, so their content is assessed.
    expect(changes.diff).toContain("+++ b/notes.md\n@@ -0,0 +1 @@\n+draft");
    const staged = await readGitChanges({ cwd: dir, scope: { kind: "staged" } });
    expect(staged.files).toEqual(["src/a.ts"]);
  });

  it("separates the index from the working tree", async () => {
    const { dir, git, write } = repo();
    write("a.ts", "1\n");
    write("b.ts", "1\n");
    git("add", ".");
    git("commit", "-qm", "init");
    write("a.ts", "2\n");
    git("add", "a.ts");
    write("b.ts", "2\n");
    expect((await readGitChanges({ cwd: dir, scope: { kind: "staged" } })).files).toEqual(["a.ts"]);
    expect((await readGitChanges({ cwd: dir, scope: { kind: "worktree" } })).files.sort()).toEqual([
      "a.ts",
      "b.ts",
    ]);
  });

  it("defaults to everything since the merge-base with the default branch, committed or not", async () => {
    const { dir, git, write } = repo();
    write("base.ts", "base\n");
    git("add", ".");
    git("commit", "-qm", "base");
    git("checkout", "-qb", "feature");
    write("src/payments/charge.ts", "export function charge() {}\n");
    git("add", ".");
    git("commit", "-qm", "feature work");
    git("checkout", "-q", "main");
    write("main-only.ts", "later on main\n");
    git("add", ".");
    git("commit", "-qm", "main moves on");
    git("checkout", "-q", "feature");
    write("src/wip.ts", "wip\n");
    expect(await defaultBranch(dir)).toBe("main");
    const changes = await readGitChanges({ cwd: join(dir, "src") });
    expect(changes.scope).toEqual({ kind: "base", ref: "main" });
    expect(changes.files.sort()).toEqual(["src/payments/charge.ts", "src/wip.ts"]);
    expect(changes.diff).not.toContain("main-only.ts");
  });

  it("keeps paths with spaces, quotes and non-ASCII letters intact", async () => {
    const { dir, git, write } = repo();
    write("docs/read me.md", "x\n");
    write('src/naïve "quoted" file.ts', "y\n");
    git("add", ".");
    const changes = await readGitChanges({ cwd: dir, scope: { kind: "staged" } });
    expect(changes.files.sort()).toEqual(["docs/read me.md", 'src/naïve "quoted" file.ts']);
    expect(changes.diff).toContain("read me.md");
  });

  it("keeps names with a tab or a newline whole, a renamed one under its new name", async () => {
    const { dir, git, write } = repo();
    write("tab\there.ts", "export const same = 'content, long enough to be similar';\n".repeat(5));
    write("plain.ts", "export const p = 1;\n");
    git("add", ".");
    git("commit", "-qm", "init");
    git("mv", "tab\there.ts", "new\nline.ts");
    write("plain.ts", "export const p = 2;\n");
    const changes = await readGitChanges({ cwd: dir, scope: { kind: "worktree" } });
    expect(changes.files.sort()).toEqual(["new\nline.ts", "plain.ts"]);
    expect(changes.diff).toContain("rename from");
    expect(changes.diff).toContain("+export const p = 2;");
  });

  it("reports renames as renames", async () => {
    const { dir, git, write } = repo();
    write("old name.ts", "export const same = 'content, long enough to be similar';\n".repeat(5));
    git("add", ".");
    git("commit", "-qm", "init");
    renameSync(join(dir, "old name.ts"), join(dir, "new name.ts"));
    git("add", "-A");
    const changes = await readGitChanges({ cwd: dir, scope: { kind: "staged" } });
    expect(changes.diff).toContain("rename from old name.ts");
    expect(changes.diff).toContain("rename to new name.ts");
    expect(changes.files).toEqual(["new name.ts"]);
  });

  it("from a subfolder, with the scope given, still sees the whole repository, paths from its top", async () => {
    const { dir, git, write } = repo();
    write("src/deep/a.ts", "export const a = 1;\n");
    write("docs/readme.md", "# docs\n");
    git("add", ".");
    git("commit", "-qm", "init");
    write("src/deep/a.ts", "export const a = 2;\n");
    write("docs/readme.md", "# docs, changed\n");
    write("migrations/001.sql", "create table t (id int);\n");
    git("add", "docs/readme.md");
    const sub = join(dir, "src", "deep");
    const worktree = await readGitChanges({ cwd: sub, scope: { kind: "worktree" } });
    expect(worktree.root).toBe(realpathSync(dir));
    expect(worktree.files.sort()).toEqual(["docs/readme.md", "migrations/001.sql", "src/deep/a.ts"]);
    expect(worktree.diff).toContain("+++ b/migrations/001.sql");
    expect(worktree.diff).toContain("+++ b/src/deep/a.ts");
    const staged = await readGitChanges({ cwd: sub, scope: { kind: "staged" } });
    expect(staged.files).toEqual(["docs/readme.md"]);
    expect(staged.diff).not.toContain("src/deep/a.ts");
  });

  it("with the scope given, also works in a repository without commits", async () => {
    const { dir, git, write } = repo();
    write("src/a.ts", "export const a = 1;\n");
    git("add", "src/a.ts");
    write("notes.md", "draft\n");
    const worktree = await readGitChanges({ cwd: dir, scope: { kind: "worktree" } });
    expect(worktree.files.sort()).toEqual(["notes.md", "src/a.ts"]);
    const staged = await readGitChanges({ cwd: dir, scope: { kind: "staged" } });
    expect(staged.files).toEqual(["src/a.ts"]);
    expect(staged.from).toBe(worktree.from);
  });

  it("runs git with the environment it is given, not only its own process's", async () => {
    const { dir, write } = repo();
    write("src/b.ts", "export const b = 2;\n");
    const elsewhere = mkdtempSync(join(tmpdir(), "vx-nogit-"));
    await expect(readGitChanges({ cwd: elsewhere, scope: { kind: "worktree" } })).rejects.toMatchObject({
      code: "NOT_A_REPOSITORY",
    });
    const env = { ...process.env, GIT_DIR: join(dir, ".git"), GIT_WORK_TREE: dir };
    const changes = await readGitChanges({ cwd: elsewhere, env, scope: { kind: "worktree" } });
    expect(changes.files).toEqual(["src/b.ts"]);
    expect(await defaultBranch(elsewhere, env)).toBeNull(); // no commits yet: neither main nor master resolves
  });

  it("says clearly when run outside a repository, or given an unknown base", async () => {
    const outside = mkdtempSync(join(tmpdir(), "vx-nogit-"));
    await expect(readGitChanges({ cwd: outside })).rejects.toMatchObject({
      code: "NOT_A_REPOSITORY",
      message: expect.stringContaining(`not a git repository: ${outside}`),
    });
    const { dir, git, write } = repo();
    write("a", "1\n");
    git("add", ".");
    git("commit", "-qm", "x");
    await expect(readGitChanges({ cwd: dir, scope: { kind: "base", ref: "nope" } })).rejects.toMatchObject({
      code: "REF_NOT_FOUND",
      message: expect.stringContaining("--base nope: no such commit or branch"),
    });
  });
});
