import { describe, expect, it } from "vitest";
import { DEFAULT_COMPLEXITY_RULES } from "./rules.js";
import { scoreTask, type TaskContext } from "./score.js";

function fired(context: TaskContext): Record<string, readonly string[]> {
  return Object.fromEntries(scoreTask(context).reasons.map((r) => [r.rule, r.evidence]));
}

function points(context: TaskContext): Record<string, number> {
  return Object.fromEntries(scoreTask(context).reasons.map((r) => [r.rule, r.points]));
}

const files = (n: number) => Array.from({ length: n }, (_, i) => `src/file${i}.ts`);

describe("DEFAULT_COMPLEXITY_RULES", () => {
  it("are frozen data with unique ids", () => {
    expect(Object.isFrozen(DEFAULT_COMPLEXITY_RULES)).toBe(true);
    expect(Object.isFrozen(DEFAULT_COMPLEXITY_RULES[1])).toBe(true);
    expect(new Set(DEFAULT_COMPLEXITY_RULES.map((r) => r.id)).size).toBe(DEFAULT_COMPLEXITY_RULES.length);
  });

  it("score nothing for a plain task", () => {
    expect(scoreTask({ description: "Fix a typo in the footer" })).toEqual({
      score: 0,
      uncapped: 0,
      reasons: [],
      model: "haiku",
    });
  });

  it("many-files: +30 above 10 distinct files, not at 10", () => {
    expect(points({ description: "", files: files(10) })).toEqual({});
    expect(points({ description: "", files: files(11) })).toEqual({ "many-files": 30 });
    expect(fired({ description: "", files: files(11) })["many-files"]).toEqual([
      "11 files changed (more than 10)",
    ]);
    // The same path listed twice is one file.
    expect(points({ description: "", files: [...files(10), "src/file0.ts", " "] })).toEqual({});
  });

  it("graphql-file: +20 once, however many .graphql files, listing them", () => {
    expect(points({ description: "", files: ["schema.graphql"] })).toEqual({ "graphql-file": 20 });
    expect(fired({ description: "", files: ["a.graphql", "src/b.ts", "c.GRAPHQL", "d.gql"] })).toEqual({
      "graphql-file": ["a.graphql", "c.GRAPHQL", "d.gql"],
    });
    expect(points({ description: "", files: ["src/graphql/resolvers.ts", "schema.graphql.ts"] })).toEqual({});
  });

  it("migration-path: +25 for migration, migrations or migrate as a word of the path", () => {
    for (const path of ["db/migrations/001_init.sql", "src/migration.ts", "db/migrate/20240101_users.rb"])
      expect(points({ description: "", files: [path] })).toEqual({ "migration-path": 25 });
    expect(points({ description: "", files: ["src/immigration.ts", "src/migrator.ts"] })).toEqual({});
  });

  it("auth-path: +25 for auth or security as a word of the path", () => {
    expect(
      fired({ description: "", files: ["src/auth/login.ts", "src/app.ts", "SecurityHeaders.ts"] }),
    ).toEqual({
      "auth-path": ["src/auth/login.ts", "SecurityHeaders.ts"],
    });
    expect(points({ description: "", files: ["src/author.ts", "src/oauth.ts", "src/authorize.ts"] })).toEqual(
      {},
    );
  });

  it("large-diff: +20 above 500 lines, not at 500", () => {
    expect(points({ description: "", linesChanged: 500 })).toEqual({});
    expect(points({ description: "", linesChanged: 501 })).toEqual({ "large-diff": 20 });
    expect(fired({ description: "", linesChanged: 501 })["large-diff"]).toEqual([
      "501 lines changed (more than 500)",
    ]);
  });

  it("many-new-functions: +15 above 10 new functions, not at 10", () => {
    expect(points({ description: "", newFunctions: 10 })).toEqual({});
    expect(points({ description: "", newFunctions: 11 })).toEqual({ "many-new-functions": 15 });
    expect(fired({ description: "", newFunctions: 11 })["many-new-functions"]).toEqual([
      "11 new functions (more than 10)",
    ]);
  });

  it("auth-topic, security-topic, payment-topic: +30 each, once, naming the words (more in risk-topics.test.ts)", () => {
    expect(fired({ description: "Add Payments retry and tighten security of the payment form" })).toEqual({
      "security-topic": ["security"],
      "payment-topic": ["payment", "Payments"],
    });
    expect(points({ description: "Auth: refresh tokens" })).toEqual({ "auth-topic": 30 });
    expect(points({ description: "Credit the author in the authorized-users list" })).toEqual({});
  });

  it("event-sourcing: +15 for the phrase in any spacing", () => {
    expect(fired({ description: "Move carts to Event-Sourcing" })).toEqual({
      "event-sourcing": ["Event-Sourcing"],
    });
    expect(fired({ description: "an event  sourced ledger" })).toEqual({
      "event-sourcing": ["event sourced"],
    });
    expect(points({ description: "an event, sourcing later" })).toEqual({});
  });

  it("affects-production and breaking-change: +30 and +25 when true", () => {
    expect(fired({ description: "", affectsProduction: true, breakingChange: true })).toEqual({
      "affects-production": ["affectsProduction: true"],
      "breaking-change": ["breakingChange: true"],
    });
    expect(points({ description: "", affectsProduction: false, breakingChange: false })).toEqual({});
  });
});
