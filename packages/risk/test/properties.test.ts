import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  assessChangeRisk,
  DEFAULT_RISK_RULES,
  HIGH_RISK_PATH_WORDS,
  parseRiskRules,
  parseUnifiedDiff,
  RISK_LEVELS,
  type RiskFlags,
  type RiskRule,
  recommendGates,
} from "../src/index.js";
import { type FileSpec, gitDiff } from "./diffs.js";

const DIRS = [
  "src",
  "src/util",
  "lib/payments",
  "app/authorService",
  "docs",
  "test",
  "src/__tests__",
  "db/migrations",
];
const NAMES = [
  "index",
  "user",
  "paymentService",
  "author",
  "README",
  "foo.test",
  "bar_test",
  "test_x",
  "with space",
];
const EXTS = [".ts", ".py", ".go", ".java", ".sql", ".md", ".txt", ".json"];
const LINES = [
  "const a = 1;",
  "export function f() {",
  "const g = async (x: number) => x;",
  "def handler(event):",
  "func Run() error {",
  "public void run() {",
  "CREATE OR REPLACE FUNCTION audit() RETURNS trigger",
  "DROP TABLE users;",
  "alter table orders add note text;",
  "DELETE FROM sessions;",
  "await prisma.$executeRawUnsafe(q);",
  "",
  "  return x;",
];

const line = fc.constantFrom(...LINES);
const path = fc
  .tuple(fc.constantFrom(...DIRS), fc.constantFrom(...NAMES), fc.constantFrom(...EXTS))
  .map(([dir, name, ext]) => `${dir}/${name}${ext}`);
const spec = (paths: fc.Arbitrary<string>): fc.Arbitrary<FileSpec> =>
  fc.record({
    path: paths,
    status: fc.constantFrom("added", "modified", "deleted"),
    added: fc.array(line, { maxLength: 40 }),
    removed: fc.array(line, { maxLength: 40 }),
  });
const specs = fc.uniqueArray(spec(path), { selector: (file) => file.path, maxLength: 14 });
const flags: fc.Arbitrary<RiskFlags> = fc.record({ production: fc.boolean(), breaking: fc.boolean() });
const extra = fc.uniqueArray(path, { maxLength: 3 });
// A source file whose path holds a high-risk word: the file the monotonicity property adds.
const highRisk = spec(
  fc
    .tuple(
      fc.constantFrom("src", "lib/core", "services"),
      fc.constantFrom(...HIGH_RISK_PATH_WORDS, "payments", "migrations", "authentication"),
      fc.constantFrom(".ts", ".py", ".sql", ".go"),
    )
    .map(([dir, word, ext]) => `${dir}/${word}/handler${ext}`),
);
// Team overrides that parseRiskRules accepts: random points, thresholds and disabled rules.
const tunedRules: fc.Arbitrary<RiskRule[]> = fc
  .record({
    docs: fc.integer({ min: 0, max: 10 }),
    tests: fc.integer({ min: 10, max: 20 }),
    source: fc.integer({ min: 20, max: 40 }),
    points: fc.integer({ min: 0, max: 100 }),
    above: fc.integer({ min: 0, max: 30 }),
    disabled: fc.subarray([
      "high-risk-path",
      "large-change",
      "many-files",
      "sql-drop-table",
      "raw-query",
      "production",
    ]),
  })
  .map(
    ({ docs, tests, source, points, above, disabled }) =>
      parseRiskRules({
        rules: {
          "docs-only": { points: docs },
          "tests-only": { points: tests },
          "source-change": { points: source },
          "sql-delete-from": { points },
          "many-new-functions": { above },
          ...Object.fromEntries(disabled.map((id) => [id, { enabled: false }])),
        },
      }).rules,
  );

describe("risk score properties", () => {
  it("scores are always whole numbers from 0 to 100, whatever the change", () => {
    fc.assert(
      fc.property(specs, extra, flags, tunedRules, (files, paths, flagged, rules) => {
        for (const ruleSet of [DEFAULT_RISK_RULES, rules]) {
          const { score } = assessChangeRisk({ diff: gitDiff(files), files: paths, flags: flagged }, ruleSet);
          expect(Number.isInteger(score) && score >= 0 && score <= 100).toBe(true);
        }
      }),
    );
  });

  it("reasons' points sum to the uncapped score, and the score is the uncapped one capped", () => {
    fc.assert(
      fc.property(specs, extra, flags, (files, paths, flagged) => {
        const risk = assessChangeRisk({ diff: gitDiff(files), files: paths, flags: flagged });
        expect(risk.reasons.reduce((sum, reason) => sum + reason.points, 0)).toBe(risk.uncapped);
        expect(risk.score).toBe(Math.min(100, risk.uncapped));
      }),
    );
  });

  it("adding a high-risk file never lowers the score", () => {
    fc.assert(
      fc.property(specs, highRisk, flags, (files, risky, flagged) => {
        fc.pre(!files.some((file) => file.path === risky.path));
        const before = assessChangeRisk({ diff: gitDiff(files), flags: flagged });
        const after = assessChangeRisk({ diff: gitDiff([...files, risky]), flags: flagged });
        expect(after.score).toBeGreaterThanOrEqual(before.score);
        expect(after.uncapped).toBeGreaterThanOrEqual(before.uncapped);
        // And it is high-risk: the word is scored.
        expect(after.reasons.some((reason) => reason.rule === "high-risk-path")).toBe(true);
      }),
    );
  });

  it("adding any file, as a diff or as an extra path, never lowers the score, under any accepted rule set", () => {
    fc.assert(
      fc.property(specs, spec(path), flags, tunedRules, (files, added, flagged, rules) => {
        fc.pre(!files.some((file) => file.path === added.path));
        const before = assessChangeRisk({ diff: gitDiff(files), flags: flagged }, rules).uncapped;
        expect(
          assessChangeRisk({ diff: gitDiff([...files, added]), flags: flagged }, rules).uncapped,
        ).toBeGreaterThanOrEqual(before);
        expect(
          assessChangeRisk({ diff: gitDiff(files), files: [added.path], flags: flagged }, rules).uncapped,
        ).toBeGreaterThanOrEqual(before);
      }),
    );
  });

  it("parses back exactly the lines that were written", () => {
    fc.assert(
      fc.property(specs, (files) => {
        const parsed = parseUnifiedDiff(gitDiff(files));
        expect(parsed.map((file) => file.path)).toEqual(files.map((file) => file.path));
        parsed.forEach((file, i) => {
          const written = files[i] as FileSpec;
          const added = written.status === "deleted" ? [] : (written.added ?? []);
          expect(file.addedLines).toEqual(added);
          expect(file.removed).toBe(written.status === "added" ? 0 : (written.removed ?? []).length);
          expect(file.status).toBe(written.status);
        });
      }),
    );
  });
});

describe("gate properties", () => {
  it("a higher score never runs fewer gates or a smaller test subset", () => {
    const subsets = ["changed-files", "affected-modules", "all"];
    fc.assert(
      fc.property(
        fc.integer({ min: -10, max: 120 }),
        fc.integer({ min: 0, max: 50 }),
        fc.constantFrom("minimal", "recommended", "full"),
        fc.array(path, { maxLength: 4 }),
        (score, more, preference, files) => {
          const config = { risk_preference: preference as "minimal" | "recommended" | "full" };
          const low = recommendGates({ score, files }, config);
          const high = recommendGates({ score: score + more, files }, config);
          expect(RISK_LEVELS.indexOf(high.level)).toBeGreaterThanOrEqual(RISK_LEVELS.indexOf(low.level));
          expect(high.gates).toEqual(expect.arrayContaining(low.gates));
          expect(subsets.indexOf(high.testSubset)).toBeGreaterThanOrEqual(subsets.indexOf(low.testSubset));
          expect([...high.gates, ...high.skip].sort()).toEqual([...low.gates, ...low.skip].sort());
        },
      ),
    );
  });
});
