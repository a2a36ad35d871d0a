import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { VextrusComplexityError } from "./errors.js";
import type { ComplexityRule } from "./rules.js";
import { scoreTask, type TaskContext } from "./score.js";

const everything: TaskContext = {
  description:
    "Event sourcing for payments behind login, a security review, and a migration that drops the users table, " +
    "alters the orders table and deletes all rows with a raw query",
  files: Array.from({ length: 12 }, (_, i) => `src/auth/migrations/${i}.graphql`),
  linesChanged: 9000,
  newFunctions: 40,
  affectsProduction: true,
  breakingChange: true,
};

describe("scoreTask", () => {
  it("caps the score at 100 and keeps the exact sum in uncapped", () => {
    const result = scoreTask(everything);
    expect(result.uncapped).toBe(455);
    expect(result.score).toBe(100);
    expect(result.reasons.map((r) => r.rule)).toEqual([
      "many-files",
      "graphql-file",
      "migration-path",
      "auth-path",
      "large-diff",
      "many-new-functions",
      "auth-topic",
      "security-topic",
      "payment-topic",
      "migration-topic",
      "drop-table",
      "alter-table",
      "delete-rows",
      "raw-query",
      "event-sourcing",
      "affects-production",
      "breaking-change",
    ]);
    expect(result.model).toBe("sonnet");
  });

  it("lists at most five items of evidence, then how many more", () => {
    const result = scoreTask({
      description: "",
      files: Array.from({ length: 8 }, (_, i) => `s${i}.graphql`),
    });
    expect(result.reasons).toEqual([
      {
        rule: "graphql-file",
        points: 20,
        evidence: ["s0.graphql", "s1.graphql", "s2.graphql", "s3.graphql", "s4.graphql", "and 3 more"],
      },
    ]);
  });

  it("picks the model from the capped score and the given thresholds", () => {
    const context = { description: "", affectsProduction: true, breakingChange: true };
    expect(scoreTask(context).score).toBe(55);
    expect(scoreTask(context).model).toBe("haiku-with-sonnet-review");
    expect(
      scoreTask(context, { thresholds: { haiku: 20, haikuWithSonnetReview: 40, sonnet: 55 } }).model,
    ).toBe("opus");
  });

  it("survives odd input from untyped callers", () => {
    const odd = {
      description: undefined,
      files: [42, null, "a.graphql"],
      linesChanged: "900",
    } as unknown as TaskContext;
    expect(scoreTask(odd).reasons.map((r) => r.rule)).toEqual(["graphql-file"]);
    expect(scoreTask({ description: "", linesChanged: Number.NaN, newFunctions: -5 }).score).toBe(0);
    expect(
      scoreTask({ description: "", linesChanged: Number.POSITIVE_INFINITY }).reasons[0]?.evidence,
    ).toEqual(["Infinity lines changed (more than 500)"]);
  });

  describe("with a team's rules", () => {
    const rules: ComplexityRule[] = [
      {
        id: "auth-anywhere",
        kind: "keyword",
        in: "files",
        keywords: ["auth"],
        match: "substring",
        points: 10,
      },
      { id: "billing", kind: "keyword", in: "description", keywords: ["invoice", "invoices"], points: 7 },
      { id: "off", kind: "flag", flag: "breaking_change", points: 50, enabled: false },
      { id: "silent", kind: "flag", flag: "affects_production", points: 0 },
      { id: "one-file", kind: "count", of: "files", above: 0, points: 3 },
    ];

    it("matches substrings when the rule says so", () => {
      const result = scoreTask({ description: "", files: ["src/oauth.ts", "src/author.ts"] }, { rules });
      expect(result.reasons).toEqual([
        { rule: "auth-anywhere", points: 10, evidence: ["src/oauth.ts", "src/author.ts"] },
        { rule: "one-file", points: 3, evidence: ["2 files changed (more than 0)"] },
      ]);
    });

    it("skips disabled and zero-point rules and says 1 file, not 1 files", () => {
      const result = scoreTask(
        { description: "Send INVOICES", files: ["a.ts"], breakingChange: true, affectsProduction: true },
        { rules },
      );
      expect(result.reasons).toEqual([
        { rule: "billing", points: 7, evidence: ["INVOICES"] },
        { rule: "one-file", points: 3, evidence: ["1 file changed (more than 0)"] },
      ]);
      expect(result.score).toBe(10);
    });

    it("rejects invalid rules with a typed error naming the field", () => {
      const bad = [{ id: "x", kind: "count", of: "files", above: 1, points: 101 }] as ComplexityRule[];
      expect(() => scoreTask({ description: "" }, { rules: bad })).toThrow(
        "[vextrus] [complexity] rules[0].points: expected an integer between 0 and 100",
      );
      const twice = [rules[1], rules[1]] as ComplexityRule[];
      expect(() => scoreTask({ description: "" }, { rules: twice })).toThrow(
        'rules[1].id: "billing" is also the id of rules[0]; ids must be unique',
      );
      try {
        scoreTask({ description: "" }, { rules: bad });
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(VextrusComplexityError);
        expect((error as VextrusComplexityError).code).toBe("RULES_INVALID");
      }
    });
  });
});

const oddText = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.constantFrom(
    "",
    " ",
    "\n\t",
    "auth",
    "AUTH_CONFIG",
    "event-sourcing",
    "payments",
    "x.graphql",
    "db/migrations",
  ),
);
const oddNumber = fc.oneof(
  fc.integer({ min: -10, max: 2000 }),
  fc.double(),
  fc.constantFrom(Number.MAX_VALUE, Number.MAX_SAFE_INTEGER, Number.POSITIVE_INFINITY, Number.NaN, -0),
);
const context: fc.Arbitrary<TaskContext> = fc.record(
  {
    description: oddText,
    files: fc.array(oddText, { maxLength: 40 }),
    linesChanged: oddNumber,
    newFunctions: oddNumber,
    affectsProduction: fc.boolean(),
    breakingChange: fc.boolean(),
  },
  { requiredKeys: ["description"] },
);

describe("scoreTask (properties)", () => {
  it("scores within 0-100, with reasons summing exactly to uncapped", () => {
    fc.assert(
      fc.property(context, (task) => {
        const { score, uncapped, reasons } = scoreTask(task);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(100);
        expect(Number.isInteger(score)).toBe(true);
        expect(reasons.reduce((sum, r) => sum + r.points, 0)).toBe(uncapped);
        expect(score).toBe(Math.min(100, uncapped));
        for (const reason of reasons) {
          expect(reason.points).toBeGreaterThan(0);
          expect(reason.evidence.length).toBeGreaterThan(0);
          expect(reason.evidence.length).toBeLessThanOrEqual(6);
        }
        expect(new Set(reasons.map((r) => r.rule)).size).toBe(reasons.length);
      }),
      { numRuns: 500 },
    );
  });

  it("stays within 0-100 for thousands of files", () => {
    fc.assert(
      fc.property(fc.array(oddText, { minLength: 1000, maxLength: 3000 }), (files) => {
        const { score } = scoreTask({ description: "", files });
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(100);
      }),
      { numRuns: 10 },
    );
  });

  it("never lowers the score when a file is added", () => {
    fc.assert(
      fc.property(context, oddText, fc.nat(), (task, file, at) => {
        const files = [...(task.files ?? [])];
        files.splice(at % (files.length + 1), 0, file);
        const before = scoreTask(task);
        const after = scoreTask({ ...task, files });
        expect(after.score).toBeGreaterThanOrEqual(before.score);
        expect(after.uncapped).toBeGreaterThanOrEqual(before.uncapped);
      }),
      { numRuns: 500 },
    );
  });
});
