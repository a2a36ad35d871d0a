import { RISK_TOPIC_RULES } from "./risk-topic-rules.js";
import type { KeywordMatch } from "./words.js";

/** Numbers of the task a count rule can compare with its `above`. */
export type CountedSignal = "files" | "lines_changed" | "new_functions";
/** Yes/no facts of the task a flag rule fires on. */
export type FlagSignal = "affects_production" | "breaking_change";
/** Where a keyword rule looks: every changed file path, or the task description. */
export type KeywordTarget = "files" | "description";
export type RuleKind = "count" | "flag" | "keyword" | "extension";

export const RULE_KINDS = ["count", "flag", "keyword", "extension"] as const satisfies readonly RuleKind[];
export const COUNTED_SIGNALS = [
  "files",
  "lines_changed",
  "new_functions",
] as const satisfies readonly CountedSignal[];
export const FLAG_SIGNALS = [
  "affects_production",
  "breaking_change",
] as const satisfies readonly FlagSignal[];
export const KEYWORD_TARGETS = ["files", "description"] as const satisfies readonly KeywordTarget[];
export const KEYWORD_MATCHES = ["word", "substring"] as const satisfies readonly KeywordMatch[];

interface RuleCommon {
  /** Stable kebab-case name; reasons cite it and config overrides address the rule by it. */
  readonly id: string;
  /** Added to the score when the rule fires, at most once per task. */
  readonly points: number;
  /** Absent means enabled. */
  readonly enabled?: boolean;
}

/** Fires when the number is strictly greater than `above` (`above: 10` fires at 11). */
export interface CountRule extends RuleCommon {
  readonly kind: "count";
  readonly of: CountedSignal;
  readonly above: number;
}

export interface FlagRule extends RuleCommon {
  readonly kind: "flag";
  readonly flag: FlagSignal;
}

/** Fires when any keyword appears; see `words.ts` for what "appears" means in each `match` mode. */
export interface KeywordRule extends RuleCommon {
  readonly kind: "keyword";
  readonly in: KeywordTarget;
  /** Inflections are listed, not guessed: `["migration", "migrations"]`. */
  readonly keywords: readonly string[];
  /** `"word"` (the default) or `"substring"`. */
  readonly match?: KeywordMatch;
}

/** Fires when a changed file ends with one of the extensions (case-insensitive). */
export interface ExtensionRule extends RuleCommon {
  readonly kind: "extension";
  readonly extensions: readonly string[];
}

export type ComplexityRule = CountRule | FlagRule | KeywordRule | ExtensionRule;

/** Settings each kind of rule has besides `id`, `kind`, `points` and `enabled`. */
export const KIND_FIELDS = {
  count: { required: ["of", "above"], optional: [] },
  flag: { required: ["flag"], optional: [] },
  keyword: { required: ["in", "keywords"], optional: ["match"] },
  extension: { required: ["extensions"], optional: [] },
} as const satisfies Record<RuleKind, { required: readonly string[]; optional: readonly string[] }>;

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * The seed rules. They are data so a team can retune them in config (see `parseComplexityRules`); a maximal task
 * scores 455 before the cap, so several strong signals together reach 100.
 */
export const DEFAULT_COMPLEXITY_RULES: readonly ComplexityRule[] = deepFreeze([
  { id: "many-files", kind: "count", of: "files", above: 10, points: 30 },
  { id: "graphql-file", kind: "extension", extensions: [".graphql", ".gql"], points: 20 },
  {
    id: "migration-path",
    kind: "keyword",
    in: "files",
    // `migrate` for Rails' db/migrate; the others for Django, Prisma, Flyway, Knex and friends.
    keywords: ["migration", "migrations", "migrate"],
    points: 25,
  },
  {
    id: "auth-path",
    kind: "keyword",
    in: "files",
    keywords: ["auth", "authentication", "authorization", "security"],
    points: 25,
  },
  { id: "large-diff", kind: "count", of: "lines_changed", above: 500, points: 20 },
  { id: "many-new-functions", kind: "count", of: "new_functions", above: 10, points: 15 },
  ...RISK_TOPIC_RULES,
  {
    id: "event-sourcing",
    kind: "keyword",
    in: "description",
    keywords: ["event sourcing", "event sourced"],
    points: 15,
  },
  { id: "affects-production", kind: "flag", flag: "affects_production", points: 30 },
  { id: "breaking-change", kind: "flag", flag: "breaking_change", points: 25 },
]);
