import { describe, expect, it } from "vitest";
import { codeLines, fixture, gitDiff } from "../test/diffs.js";
import { assessChangeRisk, type RiskAssessment } from "./assess.js";
import { VextrusRiskError } from "./errors.js";
import { parseUnifiedDiff } from "./parse-diff.js";
import { DEFAULT_RISK_RULES } from "./rules.js";

const fix = (path = "src/util/format.ts") => ({
  path,
  added: ["  return value.trim();"],
  removed: ["  return value;"],
});
const points = (assessment: RiskAssessment) =>
  Object.fromEntries(assessment.reasons.map((reason) => [reason.rule, reason.points]));

describe("assessChangeRisk: change kind", () => {
  it("scores nothing for an empty diff", () => {
    expect(assessChangeRisk({ diff: "" })).toEqual({
      score: 0,
      uncapped: 0,
      level: "minimal",
      kind: "none",
      reasons: [],
      files: [],
      stats: { files: 0, added: 0, removed: 0, newFunctions: 0 },
    });
  });

  it("scores a docs-only change 5, however large or whatever its paths", () => {
    const result = assessChangeRisk({
      diff: gitDiff([
        { path: "README.md", added: codeLines(600) },
        { path: "docs/payments/security.md", added: ["DROP TABLE is never run by us"] },
        { path: "docs/changelog.txt", added: ["x"] },
      ]),
    });
    expect(result).toMatchObject({ score: 5, uncapped: 5, level: "minimal", kind: "docs" });
    expect(result.reasons).toEqual([
      { rule: "docs-only", points: 5, evidence: "every changed file is documentation" },
    ]);
  });

  it("scores tests-only 10, and tests mixed with docs 10 too", () => {
    const tests = gitDiff([
      { path: "src/auth/login.test.ts", added: ["await db.$executeRaw`DELETE FROM users`"] },
    ]);
    expect(assessChangeRisk({ diff: tests })).toMatchObject({ score: 10, kind: "tests", level: "minimal" });
    const mixed = gitDiff([
      { path: "README.md", added: ["x"] },
      { path: "pkg/a_test.go", added: ["y"] },
    ]);
    expect(points(assessChangeRisk({ diff: mixed }))).toEqual({ "tests-only": 10 });
  });

  it("gives any source change a floor of 20 (standard), so a one-line fix gets a review", () => {
    const result = assessChangeRisk({
      diff: gitDiff([fix(), { path: "src/util/format.test.ts", added: ["t"] }]),
    });
    expect(result).toMatchObject({ score: 20, level: "standard", kind: "source" });
    expect(result.reasons).toEqual([
      { rule: "source-change", points: 20, evidence: "1 source file changed" },
    ]);
  });

  it("counts config, binaries and mode-only changes as source", () => {
    expect(assessChangeRisk({ diff: fixture("git-binary-patch.diff") }).kind).toBe("source");
    expect(assessChangeRisk({ diff: fixture("git-no-prefix.diff") }).kind).toBe("source");
    expect(assessChangeRisk({ diff: gitDiff([{ path: "package.json", added: ["x"] }]) }).score).toBe(20);
  });
});

describe("assessChangeRisk: high-risk paths", () => {
  it("adds 30 per distinct word, each once, at word boundaries", () => {
    const result = assessChangeRisk({
      diff: gitDiff([
        fix("src/payments/charge.ts"),
        fix("src/payments/refund.ts"),
        fix("src/authentication/session.ts"),
        fix("src/author.ts"),
      ]),
    });
    expect(result.reasons.filter((reason) => reason.rule === "high-risk-path")).toEqual([
      { rule: "high-risk-path", points: 30, evidence: '"auth" in src/authentication/session.ts' },
      { rule: "high-risk-path", points: 30, evidence: '"payment" in src/payments/charge.ts' },
    ]);
    expect(result.score).toBe(80);
  });

  it("counts every seed word", () => {
    const paths = [
      "src/auth.ts",
      "src/security/x.ts",
      "src/payment.ts",
      "db/migrations/1.sql",
      "src/invoices.ts",
      "src/transaction.ts",
      "src/finance.ts",
    ];
    const result = assessChangeRisk({ diff: gitDiff(paths.map((path) => fix(path))) });
    expect(result.reasons.filter((reason) => reason.rule === "high-risk-path")).toHaveLength(7);
    expect(result.uncapped).toBe(20 + 7 * 30);
    expect(result.score).toBe(100);
  });

  it("still finds the word in a deleted file and under a rename's old name", () => {
    const deleted = assessChangeRisk({ diff: fixture("git-rename-spaces-deleted-migration.diff") });
    expect(deleted.reasons).toContainEqual({
      rule: "high-risk-path",
      points: 30,
      evidence: '"migration" in db/migrations/001_init.sql',
    });
    const renamed = assessChangeRisk({
      diff: "diff --git a/src/auth/x.ts b/src/misc/x.ts\nsimilarity index 100%\nrename from src/auth/x.ts\nrename to src/misc/x.ts\n",
    });
    expect(points(renamed)).toEqual({ "source-change": 20, "high-risk-path": 30 });
  });

  it("ignores words in docs and test paths of a source change", () => {
    const result = assessChangeRisk({
      diff: gitDiff([
        fix(),
        { path: "docs/auth.md", added: ["x"] },
        { path: "test/payment.test.ts", added: ["y"] },
      ]),
    });
    expect(points(result)).toEqual({ "source-change": 20 });
  });
});

describe("assessChangeRisk: size rules", () => {
  it("adds 20 above 500 source lines added + removed", () => {
    const at = gitDiff([{ path: "src/a.ts", added: codeLines(300), removed: codeLines(200, "old") }]);
    expect(points(assessChangeRisk({ diff: at }))["large-change"]).toBeUndefined();
    const above = gitDiff([{ path: "src/a.ts", added: codeLines(300), removed: codeLines(201, "old") }]);
    const result = assessChangeRisk({ diff: above });
    expect(result.reasons).toContainEqual({
      rule: "large-change",
      points: 20,
      evidence: "501 source lines added or removed (more than 500)",
    });
  });

  it("does not count test or docs lines toward size", () => {
    const diff = gitDiff([fix(), { path: "src/big.test.ts", added: codeLines(900) }]);
    expect(points(assessChangeRisk({ diff }))).toEqual({ "source-change": 20 });
  });

  it("adds 15 above 10 source files, counting deleted files and extra paths", () => {
    const ten = Array.from({ length: 10 }, (_, i) => fix(`src/f${i}.ts`));
    expect(points(assessChangeRisk({ diff: gitDiff(ten) }))["many-files"]).toBeUndefined();
    const withDeleted = gitDiff([...ten, { path: "src/old.ts", status: "deleted", removed: ["x"] }]);
    expect(points(assessChangeRisk({ diff: withDeleted }))["many-files"]).toBe(15);
    const withUntracked = assessChangeRisk({
      diff: gitDiff(ten),
      files: ["src/new-untracked.ts", "src/f0.ts"],
    });
    expect(withUntracked.reasons).toContainEqual({
      rule: "many-files",
      points: 15,
      evidence: "11 source files changed (more than 10)",
    });
    expect(withUntracked.files.at(-1)).toEqual({
      path: "src/new-untracked.ts",
      status: "added",
      added: 0,
      removed: 0,
      addedLines: [],
      newFunctions: 0,
      binary: false,
    });
    expect(withUntracked.stats.files).toBe(11);
  });

  it("adds 15 above 10 new functions in source files", () => {
    const functions = (n: number) => Array.from({ length: n }, (_, i) => `export function f${i}() {}`);
    expect(points(assessChangeRisk({ diff: gitDiff([{ path: "src/a.ts", added: functions(10) }]) }))).toEqual(
      {
        "source-change": 20,
      },
    );
    const result = assessChangeRisk({ diff: gitDiff([{ path: "src/a.ts", added: functions(11) }]) });
    expect(result.reasons).toContainEqual({
      rule: "many-new-functions",
      points: 15,
      evidence: "11 new functions in source files (more than 10)",
    });
    expect(result.stats.newFunctions).toBe(11);
  });
});

describe("assessChangeRisk: dangerous SQL and raw queries", () => {
  it("scores each pattern once, from added source lines, any SQL case", () => {
    const diff = gitDiff([
      {
        path: "db/schema/002_cleanup.sql",
        added: [
          "DROP TABLE legacy_users;",
          "drop  table legacy_roles;",
          "alter table orders add column note text;",
        ],
      },
      {
        path: "src/repo.ts",
        added: ["await sql`Delete From sessions WHERE expired`;", "await db.$executeRawUnsafe(q);"],
      },
      { path: "src/report.ts", added: ["const rows = await prisma.$queryRaw`SELECT 1`;"] },
    ]);
    const result = assessChangeRisk({ diff });
    expect(result.reasons).toEqual([
      { rule: "source-change", points: 20, evidence: "3 source files changed" },
      {
        rule: "sql-drop-table",
        points: 50,
        evidence: "DROP TABLE added in db/schema/002_cleanup.sql: DROP TABLE legacy_users;",
      },
      {
        rule: "sql-alter-table",
        points: 30,
        evidence: "ALTER TABLE added in db/schema/002_cleanup.sql: alter table orders add column note text;",
      },
      {
        rule: "sql-delete-from",
        points: 25,
        evidence: "DELETE FROM added in src/repo.ts: await sql`Delete From sessions WHERE expired`;",
      },
      {
        rule: "raw-query",
        points: 20,
        evidence: "raw query added in src/repo.ts: await db.$executeRawUnsafe(q);",
      },
    ]);
    expect(result.uncapped).toBe(145);
    expect(result.score).toBe(100);
    expect(result.level).toBe("comprehensive");
  });

  it("ignores removed lines: deleting a DROP TABLE is not dangerous", () => {
    const diff = gitDiff([
      { path: "db/schema.sql", removed: ["DROP TABLE users;", "DELETE FROM x;"], added: ["SELECT 1;"] },
    ]);
    expect(points(assessChangeRisk({ diff }))).toEqual({ "source-change": 20 });
  });

  it("matches raw-query identifiers case-sensitively and SQL keywords as words", () => {
    const diff = gitDiff([
      { path: "src/a.ts", added: ["const EXECUTERAW = 1;", "const dropTableName = 'x';", "backdrop tables"] },
    ]);
    expect(points(assessChangeRisk({ diff }))).toEqual({ "source-change": 20 });
  });
});

describe("assessChangeRisk: flags, totals and input", () => {
  it("adds 25 for production and 30 for breaking, even on docs-only changes", () => {
    const result = assessChangeRisk({
      diff: gitDiff([{ path: "README.md", added: ["x"] }]),
      flags: { production: true, breaking: true },
    });
    expect(result.reasons).toEqual([
      { rule: "docs-only", points: 5, evidence: "every changed file is documentation" },
      { rule: "production", points: 25, evidence: "flags.production is set" },
      { rule: "breaking", points: 30, evidence: "flags.breaking is set" },
    ]);
    expect(result).toMatchObject({ score: 60, level: "thorough" });
    expect(points(assessChangeRisk({ diff: "", flags: { production: false } }))).toEqual({});
  });

  it("caps the score at 100 and keeps the uncapped sum of the reasons", () => {
    const result = assessChangeRisk({
      diff: gitDiff([
        { path: "src/payments/migrations/auth.sql", added: ["DROP TABLE a;", "ALTER TABLE b;"] },
      ]),
      flags: { production: true, breaking: true },
    });
    expect(result.uncapped).toBe(20 + 90 + 50 + 30 + 25 + 30);
    expect(result.score).toBe(100);
    expect(result.reasons.reduce((sum, reason) => sum + reason.points, 0)).toBe(result.uncapped);
  });

  it("reports stats over every file, docs and tests included", () => {
    const diff = gitDiff([
      { path: "src/a.ts", added: ["const f = () => 1;", "x"], removed: ["y"] },
      { path: "src/a.test.ts", added: ["function helper() {}"] },
      { path: "README.md", removed: ["z"] },
    ]);
    expect(assessChangeRisk({ diff }).stats).toEqual({ files: 3, added: 3, removed: 2, newFunctions: 2 });
  });

  it("accepts changes already parsed, and custom rules", () => {
    const changes = parseUnifiedDiff(gitDiff([fix("src/billing/charge.ts")]));
    const rules = DEFAULT_RISK_RULES.map((rule) =>
      rule.kind === "path-words" ? { ...rule, words: [...rule.words, "billing"] } : rule,
    );
    expect(assessChangeRisk({ diff: changes }).score).toBe(20);
    expect(assessChangeRisk({ diff: changes }, rules).score).toBe(50);
    expect(assessChangeRisk({ diff: changes }, []).score).toBe(0);
  });

  it("rejects malformed input with typed errors", () => {
    expect(() => assessChangeRisk(null as never)).toThrow(VextrusRiskError);
    expect(() => assessChangeRisk({ diff: "", files: [""] })).toThrow(/files\.0: expected a non-empty path/);
    const badRule = [
      { id: "x", kind: "added-line", label: "x", pattern: "(", flags: "", points: 1, description: "" },
    ];
    expect(() => assessChangeRisk({ diff: gitDiff([fix()]) }, badRule as never)).toThrow(
      /rule x: invalid pattern/,
    );
  });
});
