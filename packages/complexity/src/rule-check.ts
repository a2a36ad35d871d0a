import * as z from "zod";
import { VextrusComplexityError } from "./errors.js";
import { fieldPath, issueLines } from "./field-path.js";
import {
  COUNTED_SIGNALS,
  type ComplexityRule,
  FLAG_SIGNALS,
  KEYWORD_MATCHES,
  KEYWORD_TARGETS,
  KIND_FIELDS,
  RULE_KINDS,
  type RuleKind,
} from "./rules.js";
import { compileKeyword, hasLiteralPiece } from "./words.js";

function oneOf(values: readonly string[]): string {
  const quoted = values.map((v) => `"${v}"`);
  return `expected ${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)}`;
}

const ID = 'expected a kebab-case rule id such as "billing-words"';
const POINTS = "expected an integer between 0 and 100";
const ABOVE = "expected a whole number ≥ 0 (the rule fires when the count is greater)";
const ENABLED = "expected true or false";
const KEYWORDS = 'expected a non-empty list of keywords, e.g. ["invoice", "invoices"]';
const KEYWORD =
  "expected a keyword with at least one letter, digit or symbol besides spaces, - and _, and not only * wildcards";
const EXTENSIONS = 'expected a non-empty list of file extensions, e.g. [".graphql"]';
const EXTENSION = 'expected a file extension such as ".graphql" or ".d.ts"';

/**
 * One entry of `rules` in config: a full new rule, or the id of a default rule with the settings to change. Every
 * setting is optional here; which ones a rule needs depends on its kind and is checked by `checkRule`.
 */
export const ruleEntrySchema = z.strictObject(
  {
    id: z.string({ error: ID }).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: ID }),
    kind: z.enum(RULE_KINDS, { error: oneOf(RULE_KINDS) }).optional(),
    points: z
      .number({ error: POINTS })
      .int({ error: POINTS })
      .min(0, { error: POINTS })
      .max(100, { error: POINTS })
      .optional(),
    enabled: z.boolean({ error: ENABLED }).optional(),
    of: z.enum(COUNTED_SIGNALS, { error: oneOf(COUNTED_SIGNALS) }).optional(),
    above: z.number({ error: ABOVE }).int({ error: ABOVE }).min(0, { error: ABOVE }).optional(),
    flag: z.enum(FLAG_SIGNALS, { error: oneOf(FLAG_SIGNALS) }).optional(),
    in: z.enum(KEYWORD_TARGETS, { error: oneOf(KEYWORD_TARGETS) }).optional(),
    keywords: z
      .array(
        z.string({ error: KEYWORD }).refine((k) => hasLiteralPiece(compileKeyword(k)), { error: KEYWORD }),
        { error: KEYWORDS },
      )
      .min(1, { error: KEYWORDS })
      .optional(),
    match: z.enum(KEYWORD_MATCHES, { error: oneOf(KEYWORD_MATCHES) }).optional(),
    extensions: z
      .array(
        z
          .string({ error: EXTENSION })
          .regex(/^\.?[\p{L}\p{N}_-]+(?:\.[\p{L}\p{N}_-]+)*$/u, { error: EXTENSION }),
        {
          error: EXTENSIONS,
        },
      )
      .min(1, { error: EXTENSIONS })
      .optional(),
  },
  { error: 'expected a rule object such as { "id": "many-files", "points": 20 }' },
);

export type RuleEntry = z.infer<typeof ruleEntrySchema>;

export const RULE_ENTRY_KEYS: readonly string[] = Object.keys(ruleEntrySchema.shape);
const COMMON_FIELDS = ["id", "kind", "points", "enabled"];

export interface RuleCheck {
  rule?: ComplexityRule;
  errors: string[];
}

/** Names of the settings that are absent. */
function missing(settings: Record<string, unknown>): string[] {
  return Object.keys(settings).filter((key) => settings[key] === undefined);
}

/** The rule, or the required settings its kind lacks. */
function build(entry: RuleEntry, kind: RuleKind, points: number): ComplexityRule | string[] {
  const common = { id: entry.id, points, ...(entry.enabled === undefined ? {} : { enabled: entry.enabled }) };
  switch (kind) {
    case "count": {
      const { of, above } = entry;
      if (of === undefined || above === undefined) return missing({ of, above });
      return { ...common, kind, of, above };
    }
    case "flag": {
      const { flag } = entry;
      if (flag === undefined) return missing({ flag });
      return { ...common, kind, flag };
    }
    case "keyword": {
      const { in: target, keywords, match } = entry;
      if (target === undefined || keywords === undefined) return missing({ in: target, keywords });
      return { ...common, kind, in: target, keywords, ...(match === undefined ? {} : { match }) };
    }
    case "extension": {
      const { extensions } = entry;
      if (extensions === undefined) return missing({ extensions });
      return { ...common, kind, extensions };
    }
  }
}

/** Validates one complete rule (a new one, or a default with a config entry merged on), naming `where`. */
export function checkRule(candidate: unknown, where: string): RuleCheck {
  const parsed = ruleEntrySchema.safeParse(candidate, { reportInput: true });
  if (!parsed.success) return { errors: issueLines(where, parsed.error.issues, () => RULE_ENTRY_KEYS) };
  const entry = parsed.data;
  const { kind, points } = entry;
  if (kind === undefined) return { errors: [`${where}.kind: ${oneOf(RULE_KINDS)}`] };
  const errors: string[] = [];
  const fields = KIND_FIELDS[kind];
  const allowed: readonly string[] = [...COMMON_FIELDS, ...fields.required, ...fields.optional];
  for (const [key, value] of Object.entries(entry)) {
    if (value !== undefined && !allowed.includes(key))
      errors.push(`${where}.${key}: not a setting of ${kind} rules; they have ${allowed.join(", ")}`);
  }
  if (points === undefined) errors.push(`${where}.points: required for a ${kind} rule`);
  const built = build(entry, kind, points ?? 0);
  if (Array.isArray(built))
    for (const key of built) errors.push(`${where}.${key}: required for a ${kind} rule`);
  return errors.length > 0 || Array.isArray(built) ? { errors } : { rule: built, errors };
}

/** Validates a whole rule list as given to `scoreTask`; ids must be unique because reasons cite them. */
export function assertRules(rules: readonly unknown[], base = "rules"): readonly ComplexityRule[] {
  const errors: string[] = [];
  const checked: ComplexityRule[] = [];
  const seen = new Map<string, number>();
  for (const [index, candidate] of rules.entries()) {
    const where = fieldPath(base, [index]);
    const { rule, errors: problems } = checkRule(candidate, where);
    errors.push(...problems);
    if (rule === undefined) continue;
    const earlier = seen.get(rule.id);
    if (earlier !== undefined) {
      errors.push(
        `${where}.id: "${rule.id}" is also the id of ${fieldPath(base, [earlier])}; ids must be unique`,
      );
      continue;
    }
    seen.set(rule.id, index);
    checked.push(rule);
  }
  if (errors.length > 0) throw new VextrusComplexityError("RULES_INVALID", errors.join("; "));
  return checked;
}
