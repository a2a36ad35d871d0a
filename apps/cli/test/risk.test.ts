import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gitRepo } from "./git-repo.js";
import { runCli } from "./run-cli.js";

const risk = async (dir: string, ...args: string[]) => {
  const r = await runCli(["risk", "--json", ...args], { cwd: dir });
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
};

describe("vextrus risk on real repositories: the seed's change types", () => {
  it("docs only → 5, minimal gates", async () => {
    const { dir, write } = gitRepo();
    write("README.md", "# app\n\nHow to install.\n");
    write("docs/guide.txt", "guide\n");
    const r = await risk(dir);
    expect([r.score, r.level, r.gates.level]).toEqual([5, "minimal", "minimal"]);
  });

  it("tests only → 10, minimal gates", async () => {
    const { dir, write } = gitRepo();
    write("src/app.test.ts", "import { app } from './app';\ntest('app', () => expect(app).toBe(1));\n");
    const r = await risk(dir);
    expect([r.score, r.level, r.gates.level]).toEqual([10, "minimal", "minimal"]);
  });

  it("a simple bug fix → standard gates", async () => {
    const { dir, write } = gitRepo();
    write("src/app.ts", "export const app = 2;\n");
    const r = await risk(dir);
    expect(r.gates.level).toBe("standard");
    expect(r.gates.gates).toContain("review");
  });

  it.each([
    ["payment", "src/payments/refund.ts"],
    ["security", "src/security/headers.ts"],
    ["auth", "src/auth/session.ts"],
  ])("a %s change → comprehensive gates, and says which path forced them", async (word, path) => {
    const { dir, write } = gitRepo();
    write(path, "export function handle() {\n  return true;\n}\n");
    const r = await risk(dir);
    expect(r.gates.level).toBe("comprehensive");
    expect(r.gates.forcedBy).toContain(path);
    expect(r.reasons.map((x: { evidence: string }) => x.evidence).join(" ")).toContain(word);
  });

  it("counts only the staged part with --staged, and commits since --base", async () => {
    const { dir, git, write } = gitRepo();
    write("src/one.ts", "export const one = 1;\n");
    git("add", "src/one.ts");
    write("src/two.ts", "export const two = 2;\n");
    expect((await risk(dir, "--staged")).files.map((f: { path: string }) => f.path)).toEqual(["src/one.ts"]);
    git("commit", "-qm", "one");
    const since = await risk(dir, "--base", "main");
    expect(since.files.map((f: { path: string }) => f.path).sort()).toEqual(["src/one.ts", "src/two.ts"]);
  });

  it("prints a table with the score, the gates and every reason", async () => {
    const { dir, write } = gitRepo();
    mkdirSync(join(dir, "db"));
    writeFileSync(join(dir, "db", "drop.sql"), "DROP TABLE users;\n");
    write("src/app.ts", "export const app = 3;\n");
    const r = await runCli(["risk"], { cwd: dir });
    expect(r.stdout).toMatch(/Score {2}\d+\/100 \((standard|thorough|comprehensive)\)/);
    expect(r.stdout).toContain("DROP TABLE");
    expect(r.stdout).toMatch(/Gates {2}\w+: build, lint/);
  });

  it("fails clearly outside a repository and on a bad --base, exit 1", async () => {
    const outside = await runCli(["risk"]);
    expect(outside.code).toBe(1);
    expect(outside.stderr).toMatch(/^vextrus: not a git repository: /);
    const { dir } = gitRepo();
    const bad = await runCli(["risk", "--base", "no-such-branch"], { cwd: dir });
    expect([bad.code, bad.stderr]).toEqual([
      1,
      `vextrus: --base no-such-branch: no such commit or branch in ${dir}\n`,
    ]);
  });

  it("names the settings field on bad quality config", async () => {
    const { dir } = gitRepo();
    mkdirSync(join(dir, ".claude"));
    writeFileSync(
      join(dir, ".claude", "settings.json"),
      JSON.stringify({ optimization: { quality: { risk_preference: "yolo" } } }),
    );
    const r = await runCli(["risk"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'vextrus: optimization.quality.risk_preference: expected "minimal", "recommended" or "full", got "yolo"\n',
    );
  });
});

describe("vextrus complexity", () => {
  it("scores the description and the working tree's changes, and picks a model", async () => {
    const { dir, write } = gitRepo();
    for (let i = 0; i < 11; i++) write(`src/feature/f${i}.ts`, `export function f${i}() {}\n`);
    write("schema.graphql", "type Query { a: Int }\n");
    const r = await runCli(["complexity", "Add payment retries", "--json"], { cwd: dir });
    const json = JSON.parse(r.stdout);
    expect(json.input.files).toHaveLength(12);
    // The new files are untracked: their functions still count (11 > 10).
    expect(json.input).toMatchObject({ newFunctions: 11, linesChanged: 12 });
    expect(json.reasons.map((x: { rule: string }) => x.rule)).toEqual([
      "many-files",
      "graphql-file",
      "many-new-functions",
      "payment-topic",
    ]);
    expect([json.score, json.model]).toEqual([95, "sonnet"]);
  });

  it("takes --files, --lines and flags instead of git", async () => {
    const r = await runCli(
      ["complexity", "Rename a label", "--files", "src/a.ts", "--lines", "12", "--production", "--json"],
      {},
    );
    const json = JSON.parse(r.stdout);
    expect(json.input).toMatchObject({ files: ["src/a.ts"], linesChanged: 12, affectsProduction: true });
    expect([json.score, json.model]).toEqual([30, "haiku-with-sonnet-review"]);
  });

  it("scores the description alone outside a repository, and shows a table", async () => {
    const r = await runCli(["complexity", "Fix a typo in the footer"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Score  0/100");
    expect(r.stdout).toContain("Model  haiku");
  });

  it("rejects a non-numeric --lines, naming the option", async () => {
    const r = await runCli(["complexity", "x", "--lines", "many", "--no-git"]);
    expect([r.code, r.stderr]).toEqual([1, "vextrus: --lines many: expected a whole number 0 or more\n"]);
  });
});
