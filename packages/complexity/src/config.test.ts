import { describe, expect, it } from "vitest";
import { complexityConfigSchema, parseComplexityRules } from "./config.js";
import { VextrusComplexityError } from "./errors.js";
import { DEFAULT_MODEL_THRESHOLDS } from "./models.js";
import { DEFAULT_COMPLEXITY_RULES } from "./rules.js";
import { scoreTask } from "./score.js";

function errorOf(input: unknown): VextrusComplexityError {
  try {
    parseComplexityRules(input);
  } catch (error) {
    if (error instanceof VextrusComplexityError) return error;
    throw error;
  }
  throw new Error("expected parseComplexityRules to throw");
}

describe("parseComplexityRules", () => {
  it("returns the defaults when nothing is configured", () => {
    for (const input of [undefined, null, {}]) {
      const { config, warnings } = parseComplexityRules(input);
      expect(config.rules).toEqual(DEFAULT_COMPLEXITY_RULES);
      expect(config.thresholds).toEqual(DEFAULT_MODEL_THRESHOLDS);
      expect(warnings).toEqual([]);
    }
  });

  it("changes points, thresholds and keywords of default rules by id, keeping their place", () => {
    const { config } = parseComplexityRules({
      rules: [
        { id: "many-files", points: 10, above: 20 },
        { id: "payment-topic", keywords: ["payment", "payments", "pii"] },
      ],
    });
    expect(config.rules[0]).toEqual({ id: "many-files", kind: "count", of: "files", above: 20, points: 10 });
    const index = DEFAULT_COMPLEXITY_RULES.findIndex((rule) => rule.id === "payment-topic");
    expect(config.rules[index]).toMatchObject({
      id: "payment-topic",
      keywords: ["payment", "payments", "pii"],
      points: 30,
    });
    expect(config.rules).toHaveLength(DEFAULT_COMPLEXITY_RULES.length);
    // The defaults themselves are untouched.
    expect(DEFAULT_COMPLEXITY_RULES[0]).toMatchObject({ points: 30, above: 10 });
  });

  it("lets a team retune the risk topic rules, * wildcards included", () => {
    const { config } = parseComplexityRules({
      rules: [
        { id: "delete-rows", keywords: ["purge * table", "purge * * table"], points: 45 },
        { id: "auth-topic", enabled: false },
      ],
    });
    const result = scoreTask({ description: "Login: purge the sessions table" }, config);
    expect(result.reasons).toEqual([
      { rule: "delete-rows", points: 45, evidence: ["purge the sessions table"] },
    ]);
    expect(result.model).toBe("haiku-with-sonnet-review");
  });

  it("disables rules and adds a team's keyword rules after the defaults", () => {
    const { config } = parseComplexityRules({
      rules: [
        { id: "event-sourcing", enabled: false },
        {
          id: "billing-words",
          kind: "keyword",
          in: "description",
          keywords: ["invoice", "invoices"],
          points: 12,
        },
        {
          id: "vendor-code",
          kind: "keyword",
          in: "files",
          keywords: ["vendor"],
          match: "substring",
          points: 5,
        },
      ],
      thresholds: { sonnet: 85 },
    });
    expect(config.rules.map((r) => r.id).slice(-2)).toEqual(["billing-words", "vendor-code"]);
    expect(config.thresholds).toEqual({ haiku: 30, haikuWithSonnetReview: 60, sonnet: 85 });
    const result = scoreTask(
      { description: "Event sourcing for invoices", files: ["src/vendored/x.ts"] },
      config,
    );
    expect(result.reasons).toEqual([
      { rule: "payment-topic", points: 30, evidence: ["invoices"] },
      { rule: "billing-words", points: 12, evidence: ["invoices"] },
      { rule: "vendor-code", points: 5, evidence: ["src/vendored/x.ts"] },
    ]);
  });

  it("names the full path and the fix", () => {
    expect(() =>
      parseComplexityRules({
        rules: [
          { id: "a-b", kind: "flag", flag: "breaking_change", points: 1 },
          {},
          { id: "many-files", points: 150 },
        ],
      }),
    ).toThrow(
      '[vextrus] [complexity] optimization.complexity.rules[1].id: expected a kebab-case rule id such as "billing-words"; optimization.complexity.rules[2].points: expected an integer between 0 and 100',
    );
    const cases: [unknown, string][] = [
      [
        { rules: [{ id: "many-files", points: 2.5 }] },
        "optimization.complexity.rules[0].points: expected an integer between 0 and 100",
      ],
      [{ rules: { id: "x" } }, "optimization.complexity.rules: expected a list of rules"],
      [{ rules: ["many-files"] }, "optimization.complexity.rules[0]: expected a rule object"],
      [
        { rules: [{ id: "many-files", above: -1 }] },
        "optimization.complexity.rules[0].above: expected a whole number ≥ 0",
      ],
      [
        { rules: [{ id: "Many_Files" }] },
        "optimization.complexity.rules[0].id: expected a kebab-case rule id",
      ],
      [
        { rules: [{ id: "many-files", pionts: 3 }] },
        'optimization.complexity.rules[0].pionts: unknown setting; expected one of "id", "kind", "points"',
      ],
      [
        { rules: [{ id: "billing", points: 3 }] },
        'optimization.complexity.rules[0].kind: "billing" is not a default rule (many-files, graphql-file',
      ],
      [
        { rules: [{ id: "billing", kind: "keywords", points: 3 }] },
        'optimization.complexity.rules[0].kind: expected "count", "flag", "keyword" or "extension"',
      ],
      [
        { rules: [{ id: "billing", kind: "keyword", points: 3, in: "description" }] },
        "optimization.complexity.rules[0].keywords: required for a keyword rule",
      ],
      [
        { rules: [{ id: "billing", kind: "keyword", keywords: ["x"], in: "description" }] },
        "optimization.complexity.rules[0].points: required for a keyword rule",
      ],
      [
        { rules: [{ id: "billing", kind: "keyword", keywords: [], in: "body", points: 1 }] },
        'optimization.complexity.rules[0].in: expected "files" or "description"',
      ],
      [
        { rules: [{ id: "billing", kind: "keyword", keywords: ["ok", " - "], in: "files", points: 1 }] },
        "optimization.complexity.rules[0].keywords[1]: expected a keyword with at least one letter",
      ],
      [
        { rules: [{ id: "delete-rows", keywords: ["purge * table", "* *"] }] },
        "optimization.complexity.rules[0].keywords[1]: expected a keyword with at least one letter, digit or symbol besides spaces, - and _, and not only * wildcards",
      ],
      [
        { rules: [{ id: "auth-path", match: "regex" }] },
        'optimization.complexity.rules[0].match: expected "word" or "substring"',
      ],
      [
        { rules: [{ id: "auth-path", above: 3 }] },
        "optimization.complexity.rules[0].above: not a setting of keyword rules; they have id, kind, points, enabled, in, keywords, match",
      ],
      [
        { rules: [{ id: "auth-path", kind: "count" }] },
        'optimization.complexity.rules[0].kind: "auth-path" is a default keyword rule; to replace it, disable it',
      ],
      [
        { rules: [{ id: "graphql-file", extensions: ["graph ql"] }] },
        'optimization.complexity.rules[0].extensions[0]: expected a file extension such as ".graphql"',
      ],
      [
        { rules: [{ id: "large-diff", enabled: "no" }] },
        "optimization.complexity.rules[0].enabled: expected true or false",
      ],
      [
        {
          rules: [
            { id: "large-diff", points: 1 },
            { id: "large-diff", enabled: false },
          ],
        },
        'optimization.complexity.rules[1].id: "large-diff" is already configured by rules[0]; put its settings in one entry',
      ],
      [
        { thresholds: { haiku: -1 } },
        "optimization.complexity.thresholds.haiku: expected a score from 0 to 100",
      ],
      [
        { thresholds: { haikuWithSonnetReview: 50 } },
        'optimization.complexity.thresholds.haikuWithSonnetReview: unknown setting; did you mean "haiku_with_sonnet_review"?',
      ],
      [
        { thresholds: { haiku: 70 } },
        "optimization.complexity.thresholds.haiku: expected at most haiku_with_sonnet_review (60), got 70; thresholds must not decrease: haiku ≤ haiku_with_sonnet_review ≤ sonnet",
      ],
      [
        { thresholds: { haiku_with_sonnet_review: 20 } },
        "optimization.complexity.thresholds.haiku_with_sonnet_review: expected at least haiku (30), got 20",
      ],
      [
        { thresholds: { sonnet: 40 } },
        "optimization.complexity.thresholds.sonnet: expected at least haiku_with_sonnet_review (60), got 40",
      ],
      ["rules", 'optimization.complexity: expected an object with "rules" and/or "thresholds"'],
    ];
    for (const [input, message] of cases) expect(errorOf(input).message).toContain(message);
  });

  it("uses the path it is given and a stable code", () => {
    const error = errorOf({ rules: [{ id: "many-files", points: -1 }] });
    expect(error.code).toBe("RULES_INVALID");
    expect(error.name).toBe("VextrusComplexityError");
    expect(() => parseComplexityRules({ thresholds: { haiku: 101 } }, "complexity")).toThrow(
      "[vextrus] [complexity] complexity.thresholds.haiku: expected a score from 0 to 100",
    );
  });

  it("reports unknown top-level keys as warnings, not errors", () => {
    const { config, warnings } = parseComplexityRules({ enabled: true, thresholds: { haiku: 20 } });
    expect(config.thresholds.haiku).toBe(20);
    expect(warnings).toEqual(["optimization.complexity.enabled: unknown setting, ignored"]);
  });

  it("exports the schema of the block as written", () => {
    expect(complexityConfigSchema.safeParse({ rules: [{ id: "many-files", points: 5 }] }).success).toBe(true);
    expect(complexityConfigSchema.safeParse({ rules: [{ id: "many-files", points: 500 }] }).success).toBe(
      false,
    );
  });
});
