import { formatIssues } from "@vextrus/errors";
import * as z from "zod";
import { VextrusRiskError } from "./errors.js";
import { DEFAULT_ALWAYS_FULL_FOR, type RiskPreference } from "./gates.js";
import { DEFAULT_RISK_RULES, type RiskRule } from "./rules.js";

const WORD = 'expected a single word of letters and digits, e.g. "payment"';
// Paths are matched word by word, so a configured "payment-service" could never match anything.
const word = z.string({ error: WORD }).regex(/^[\p{L}\p{N}]+$/u, { error: WORD });
const words = (example: string) => z.array(word, { error: `expected a list of words, e.g. ${example}` });

/** The `optimization.quality` block of `.claude/settings.local.json`. */
export const qualityConfigSchema = z.object({
  risk_based_gates: z.boolean({ error: "expected true or false" }).default(true),
  risk_preference: z
    .enum(["minimal", "recommended", "full"], { error: 'expected "minimal", "recommended" or "full"' })
    .default("recommended"),
  always_full_for: words('["payment", "auth"]').default(() => [...DEFAULT_ALWAYS_FULL_FOR]),
  /** Team overrides of the risk rules, read by `parseRiskRules`. */
  risk_rules: z.unknown().optional(),
});

export interface QualityConfig {
  risk_based_gates: boolean;
  risk_preference: RiskPreference;
  always_full_for: string[];
}

export interface ParsedQualityConfig {
  config: QualityConfig;
  /** `DEFAULT_RISK_RULES` with the block's `risk_rules` applied. */
  rules: RiskRule[];
  /** Keys that are not ours (typos, newer versions): reported, not fatal. */
  warnings: string[];
}

/**
 * Validates the quality block; errors name the full path and what is expected, e.g.
 * `optimization.quality.risk_preference: expected "minimal", "recommended" or "full"`.
 */
export function parseQualityConfig(input: unknown, path = "optimization.quality"): ParsedQualityConfig {
  const data = parse(qualityConfigSchema, input, path);
  const warnings = unknownKeys(input, Object.keys(qualityConfigSchema.shape), path);
  const { risk_rules, ...config } = data;
  const rules = parseRiskRules(risk_rules, `${path}.risk_rules`);
  return { config, rules: rules.rules, warnings: [...warnings, ...rules.warnings] };
}

const POINTS = "expected whole points from 0 to 100";
const ABOVE = "expected a whole number of 0 or more";
const OVERRIDE_KEYS = ["points", "enabled", "above"];

const ruleOverride = z.object(
  {
    points: z
      .number({ error: POINTS })
      .int({ error: POINTS })
      .min(0, { error: POINTS })
      .max(100, { error: POINTS }),
    enabled: z.boolean({ error: "expected true or false" }),
    above: z.number({ error: ABOVE }).int({ error: ABOVE }).min(0, { error: ABOVE }),
  },
  { error: 'expected an object such as { "points": 40 } or { "enabled": false }' },
);

/** Team overrides of the risk rules: `{ "rules": { "<rule id>": { points?, enabled?, above? } }, "path_words": [] }`. */
export const riskRulesSchema = z.object(
  {
    rules: z
      .record(z.string(), ruleOverride.partial(), { error: "expected an object of rule id → override" })
      .default({}),
    /** Added to every `path-words` rule (the default `high-risk-path`). */
    path_words: words('["billing", "ledger"]').default([]),
  },
  { error: 'expected an object such as { "rules": { "many-files": { "enabled": false } } }' },
);

export interface ParsedRiskRules {
  rules: RiskRule[];
  warnings: string[];
}

const THRESHOLD_KINDS: readonly RiskRule["kind"][] = ["lines-changed", "files-changed", "new-functions"];
const KIND_RULES = ["docs-only", "tests-only", "source-change"] as const;

/**
 * Merges team overrides onto `base` (default `DEFAULT_RISK_RULES`): change a rule's points or threshold by id,
 * disable it, add high-risk path words. Unknown rule ids are warnings (a newer version's rule), not errors.
 * Refuses change-kind points that would let adding a file lower the score (docs-only ≤ tests-only ≤
 * source-change, a disabled rule counting 0).
 */
export function parseRiskRules(
  input: unknown,
  path = "optimization.quality.risk_rules",
  base: readonly RiskRule[] = DEFAULT_RISK_RULES,
): ParsedRiskRules {
  const overrides = parse(riskRulesSchema, input, path);
  const warnings = unknownKeys(input, Object.keys(riskRulesSchema.shape), path);
  const ids = new Set(base.map((rule) => rule.id));
  const rawRules = (input as { rules?: Record<string, unknown> } | undefined)?.rules ?? {};
  for (const id of Object.keys(overrides.rules)) {
    if (!ids.has(id))
      warnings.push(`${path}.rules.${id}: unknown rule, ignored (known: ${[...ids].join(", ")})`);
    else warnings.push(...unknownKeys(rawRules[id], OVERRIDE_KEYS, `${path}.rules.${id}`));
  }

  const rules: RiskRule[] = [];
  for (const rule of base) {
    const override = overrides.rules[rule.id] ?? {};
    if (override.above !== undefined && !THRESHOLD_KINDS.includes(rule.kind)) {
      throw new VextrusRiskError(
        "CONFIG_INVALID",
        `${path}.rules.${rule.id}.above: this rule has no threshold`,
      );
    }
    if (override.enabled === false) continue;
    const merged = {
      ...rule,
      ...(override.points === undefined ? {} : { points: override.points }),
    } as RiskRule;
    if (override.above !== undefined && "above" in merged) merged.above = override.above;
    if (merged.kind === "path-words" && overrides.path_words.length > 0) {
      merged.words = [...new Set([...merged.words, ...overrides.path_words.map((w) => w.toLowerCase())])];
    }
    rules.push(merged);
  }
  if (overrides.path_words.length > 0 && !rules.some((rule) => rule.kind === "path-words")) {
    warnings.push(`${path}.path_words: ignored, no path-words rule is enabled`);
  }

  const points = KIND_RULES.map((id) => rules.find((rule) => rule.id === id)?.points ?? 0);
  const [docs = 0, tests = 0, source = 0] = points;
  if (docs > tests || tests > source) {
    throw new VextrusRiskError(
      "CONFIG_INVALID",
      `${path}.rules: expected docs-only (${docs}) ≤ tests-only (${tests}) ≤ source-change (${source}) points, ` +
        "otherwise adding a file to a change could lower its score",
    );
  }
  return { rules, warnings };
}

function parse<T>(schema: z.ZodType<T>, input: unknown, path: string): T {
  const result = schema.safeParse(input ?? {}, { reportInput: true });
  if (result.success) return result.data;
  throw new VextrusRiskError("CONFIG_INVALID", formatIssues(result.error.issues, path).join("; "));
}

function unknownKeys(input: unknown, known: readonly string[], path: string): string[] {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return [];
  return Object.keys(input)
    .filter((key) => !known.includes(key))
    .map((key) => `${path}.${key}: unknown setting, ignored`);
}
