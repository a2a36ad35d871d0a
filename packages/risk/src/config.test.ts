import { describe, expect, it } from "vitest";
import { parseQualityConfig, parseRiskRules } from "./config.js";
import { VextrusRiskError } from "./errors.js";
import { DEFAULT_RISK_RULES, type RiskRule } from "./rules.js";

const rule = (rules: RiskRule[], id: string) => rules.find((r) => r.id === id);

describe("parseQualityConfig", () => {
  it("fills the documented defaults", () => {
    expect(parseQualityConfig(undefined)).toEqual({
      config: {
        risk_based_gates: true,
        risk_preference: "recommended",
        always_full_for: ["payment", "security", "auth", "migration"],
      },
      rules: DEFAULT_RISK_RULES,
      warnings: [],
    });
  });

  it("names the path and what is expected", () => {
    expect(() => parseQualityConfig({ risk_preference: "max" })).toThrow(
      'optimization.quality.risk_preference: expected "minimal", "recommended" or "full"',
    );
    expect(() => parseQualityConfig({ risk_based_gates: "yes" })).toThrow(
      "optimization.quality.risk_based_gates: expected true or false",
    );
    expect(() => parseQualityConfig({ always_full_for: "payment" })).toThrow(
      /optimization\.quality\.always_full_for: expected a list of words/,
    );
    expect(() => parseQualityConfig({ always_full_for: ["payment", "payment-service"] })).toThrow(
      'optimization.quality.always_full_for[1]: expected a single word of letters and digits, e.g. "payment", got "payment-service"',
    );
    expect(() => parseQualityConfig({ risk_rules: { rules: { "many-files": { points: -1 } } } })).toThrow(
      "optimization.quality.risk_rules.rules.many-files.points: expected whole points from 0 to 100",
    );
    expect(() => parseQualityConfig({ risk_preference: "max" }, "settings.quality")).toThrow(
      /^\[vextrus\] \[risk\] settings\.quality\.risk_preference:/,
    );
  });

  it("throws a typed error with a stable code", () => {
    try {
      parseQualityConfig({ risk_preference: 1 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(VextrusRiskError);
      expect((error as VextrusRiskError).code).toBe("CONFIG_INVALID");
    }
  });

  it("reports unknown keys as warnings and applies risk_rules", () => {
    const parsed = parseQualityConfig({
      risk_preference: "minimal",
      always_full_for: [],
      risk_prefrence: "full",
      risk_rules: { rules: { production: { points: 40 } } },
    });
    expect(parsed.config).toEqual({
      risk_based_gates: true,
      risk_preference: "minimal",
      always_full_for: [],
    });
    expect(parsed.warnings).toEqual(["optimization.quality.risk_prefrence: unknown setting, ignored"]);
    expect(rule(parsed.rules, "production")?.points).toBe(40);
  });
});

describe("parseRiskRules", () => {
  it("returns the defaults for no overrides, as copies", () => {
    const { rules, warnings } = parseRiskRules(undefined);
    expect(rules).toEqual(DEFAULT_RISK_RULES);
    expect(rules[0]).not.toBe(DEFAULT_RISK_RULES[0]);
    expect(warnings).toEqual([]);
  });

  it("changes points and thresholds by id, disables rules and adds path words", () => {
    const { rules, warnings } = parseRiskRules({
      rules: {
        "sql-drop-table": { points: 60 },
        "many-files": { enabled: false },
        "large-change": { above: 800, points: 10 },
      },
      path_words: ["billing", "Ledger", "auth"],
    });
    expect(rule(rules, "sql-drop-table")?.points).toBe(60);
    expect(rule(rules, "many-files")).toBeUndefined();
    expect(rule(rules, "large-change")).toMatchObject({ above: 800, points: 10 });
    expect(rule(rules, "high-risk-path")).toMatchObject({
      words: [
        "auth",
        "security",
        "payment",
        "migration",
        "invoice",
        "transaction",
        "finance",
        "billing",
        "ledger",
      ],
    });
    expect(rules).toHaveLength(DEFAULT_RISK_RULES.length - 1);
    expect(warnings).toEqual([]);
    // The defaults are left alone.
    expect(rule([...DEFAULT_RISK_RULES], "sql-drop-table")?.points).toBe(50);
  });

  it("warns about unknown rule ids and keys, and path words with no rule to take them", () => {
    const { warnings } = parseRiskRules(
      {
        rules: { "sql-drop": { points: 1 }, production: { point: 3 }, "high-risk-path": { enabled: false } },
        path_words: ["billing"],
        extra: true,
      },
      "risk",
    );
    expect(warnings).toEqual([
      "risk.extra: unknown setting, ignored",
      expect.stringMatching(/^risk\.rules\.sql-drop: unknown rule, ignored \(known: docs-only, tests-only, /),
      "risk.rules.production.point: unknown setting, ignored",
      "risk.path_words: ignored, no path-words rule is enabled",
    ]);
  });

  it("refuses a threshold on a rule that has none", () => {
    expect(() => parseRiskRules({ rules: { production: { above: 3 } } })).toThrow(
      "optimization.quality.risk_rules.rules.production.above: this rule has no threshold",
    );
  });

  it("refuses change-kind points that would let adding a file lower the score", () => {
    expect(() => parseRiskRules({ rules: { "docs-only": { points: 15 } } })).toThrow(
      /rules: expected docs-only \(15\) ≤ tests-only \(10\) ≤ source-change \(20\) points/,
    );
    expect(() => parseRiskRules({ rules: { "source-change": { enabled: false } } })).toThrow(
      /tests-only \(10\) ≤ source-change \(0\)/,
    );
    expect(
      parseRiskRules({
        rules: { "source-change": { points: 10 }, "docs-only": { enabled: false } },
      }).rules.map((r) => r.id),
    ).not.toContain("docs-only");
  });

  it("validates shapes with the full path", () => {
    expect(() => parseRiskRules({ rules: [] }, "q")).toThrow(
      /q\.rules: expected an object of rule id → override/,
    );
    expect(() => parseRiskRules({ rules: { production: 5 } }, "q")).toThrow(
      /q\.rules\.production: expected an object such as/,
    );
    expect(() => parseRiskRules({ rules: { production: { points: 2.5 } } }, "q")).toThrow(
      "q.rules.production.points: expected whole points from 0 to 100",
    );
    expect(() => parseRiskRules({ rules: { "many-files": { enabled: "no" } } }, "q")).toThrow(
      "q.rules.many-files.enabled: expected true or false",
    );
    expect(() => parseRiskRules("strict", "q")).toThrow(
      /^\[vextrus\] \[risk\] q: expected an object such as/,
    );
  });
});

describe("default data", () => {
  it("is frozen, so one caller cannot change another's defaults", () => {
    expect(Object.isFrozen(DEFAULT_RISK_RULES)).toBe(true);
    expect(DEFAULT_RISK_RULES.every((r) => Object.isFrozen(r))).toBe(true);
    const { rules } = parseRiskRules({ rules: { production: { points: 1 } }, path_words: ["billing"] });
    expect(Object.isFrozen(rules[0])).toBe(false);
    expect(rule([...DEFAULT_RISK_RULES], "production")?.points).toBe(25);
  });
});
