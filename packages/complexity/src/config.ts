import * as z from "zod";
import { VextrusComplexityError } from "./errors.js";
import { fieldPath, issueLines } from "./field-path.js";
import {
  DEFAULT_MODEL_THRESHOLDS,
  type ModelThresholds,
  type ThresholdField,
  thresholdErrors,
} from "./models.js";
import { checkRule, RULE_ENTRY_KEYS, ruleEntrySchema } from "./rule-check.js";
import { type ComplexityRule, DEFAULT_COMPLEXITY_RULES } from "./rules.js";

const SCORE = "expected a score from 0 to 100";
const score = z.number({ error: SCORE }).min(0, { error: SCORE }).max(100, { error: SCORE });

// Config keys are snake_case like the rest of `.claude/settings.local.json`; the TypeScript API is camelCase.
const SNAKE_NAMES: Readonly<Record<ThresholdField, string>> = {
  haiku: "haiku",
  haikuWithSonnetReview: "haiku_with_sonnet_review",
  sonnet: "sonnet",
};

const thresholdsSchema = z.strictObject(
  { haiku: score.optional(), haiku_with_sonnet_review: score.optional(), sonnet: score.optional() },
  { error: 'expected an object such as { "haiku": 30, "haiku_with_sonnet_review": 60, "sonnet": 85 }' },
);

/**
 * The `optimization.complexity` block of `.claude/settings.local.json`, as written: `rules` lists changes to the
 * default rules (by id) and new rules; `thresholds` changes the model tiers. Merging onto the defaults and the
 * checks that span fields are done by `parseComplexityRules`.
 */
export const complexityConfigSchema = z.object(
  {
    rules: z
      .array(ruleEntrySchema, {
        error:
          'expected a list of rules, e.g. [{ "id": "many-files", "points": 20 }, { "id": "event-sourcing", "enabled": false }]',
      })
      .default([]),
    thresholds: thresholdsSchema.default({}),
  },
  { error: 'expected an object with "rules" and/or "thresholds"' },
);

export type ComplexityConfigInput = z.input<typeof complexityConfigSchema>;

/** Rules and thresholds after a team's overrides; pass it to `scoreTask` as its options. */
export interface ComplexityConfig {
  readonly rules: readonly ComplexityRule[];
  readonly thresholds: ModelThresholds;
}

export interface ParsedComplexityConfig {
  readonly config: ComplexityConfig;
  /** Keys that are not ours (typos, newer versions): reported, not fatal. */
  readonly warnings: readonly string[];
}

function knownKeys(path: readonly PropertyKey[]): readonly string[] {
  return path[0] === "rules" ? RULE_ENTRY_KEYS : Object.keys(thresholdsSchema.shape);
}

/**
 * Merges a team's overrides onto the defaults. An entry whose id is a default rule changes only the settings it
 * names (`{ "id": "many-files", "points": 20 }`, `{ "id": "event-sourcing", "enabled": false }`); an entry with a
 * new id and a `kind` adds a rule after the defaults. Errors name the full path and what is expected, e.g.
 * `optimization.complexity.rules[2].points: expected an integer between 0 and 100`.
 */
export function parseComplexityRules(
  input: unknown,
  path = "optimization.complexity",
): ParsedComplexityConfig {
  const result = complexityConfigSchema.safeParse(input ?? {}, { reportInput: true });
  if (!result.success)
    throw new VextrusComplexityError(
      "RULES_INVALID",
      issueLines(path, result.error.issues, knownKeys).join("; "),
    );

  const errors: string[] = [];
  const rules: ComplexityRule[] = [...DEFAULT_COMPLEXITY_RULES];
  const defaults = new Map(DEFAULT_COMPLEXITY_RULES.map((rule, index) => [rule.id, { rule, index }]));
  const defaultIds = DEFAULT_COMPLEXITY_RULES.map((rule) => rule.id).join(", ");
  const seen = new Map<string, number>();
  for (const [index, entry] of result.data.rules.entries()) {
    const where = fieldPath(path, ["rules", index]);
    const earlier = seen.get(entry.id);
    if (earlier !== undefined) {
      errors.push(
        `${where}.id: "${entry.id}" is already configured by rules[${earlier}]; put its settings in one entry`,
      );
      continue;
    }
    seen.set(entry.id, index);
    const base = defaults.get(entry.id);
    if (base === undefined && entry.kind === undefined) {
      errors.push(
        `${where}.kind: "${entry.id}" is not a default rule (${defaultIds}); to add it, give its kind: "count", "flag", "keyword" or "extension"`,
      );
      continue;
    }
    if (base !== undefined && entry.kind !== undefined && entry.kind !== base.rule.kind) {
      errors.push(
        `${where}.kind: "${entry.id}" is a default ${base.rule.kind} rule; to replace it, disable it ({ "id": "${entry.id}", "enabled": false }) and add a rule with a new id`,
      );
      continue;
    }
    const { rule, errors: problems } = checkRule(
      base === undefined ? entry : { ...base.rule, ...entry },
      where,
    );
    errors.push(...problems);
    if (rule === undefined) continue;
    if (base === undefined) rules.push(rule);
    else rules[base.index] = rule;
  }

  const overrides = result.data.thresholds;
  const given = new Set<ThresholdField>();
  if (overrides.haiku !== undefined) given.add("haiku");
  if (overrides.haiku_with_sonnet_review !== undefined) given.add("haikuWithSonnetReview");
  if (overrides.sonnet !== undefined) given.add("sonnet");
  const sonnet = overrides.sonnet ?? DEFAULT_MODEL_THRESHOLDS.sonnet;
  const thresholds: ModelThresholds = {
    haiku: overrides.haiku ?? DEFAULT_MODEL_THRESHOLDS.haiku,
    haikuWithSonnetReview:
      overrides.haiku_with_sonnet_review ?? DEFAULT_MODEL_THRESHOLDS.haikuWithSonnetReview,
    ...(sonnet === undefined ? {} : { sonnet }),
  };
  errors.push(...thresholdErrors(thresholds, `${path}.thresholds`, SNAKE_NAMES, given));

  if (errors.length > 0) throw new VextrusComplexityError("RULES_INVALID", errors.join("; "));

  const warnings: string[] = [];
  if (typeof input === "object" && input !== null) {
    const known = new Set(Object.keys(complexityConfigSchema.shape));
    for (const key of Object.keys(input))
      if (!known.has(key)) warnings.push(`${path}.${key}: unknown setting, ignored`);
  }
  return { config: { rules, thresholds }, warnings };
}
