/** The riskiest class of file in a change; `none` when nothing changed. */
export type ChangeKind = "none" | "docs" | "tests" | "source";

export interface RiskFlags {
  /** The change ships to production as soon as it merges. */
  production?: boolean;
  /** The change breaks an API, a schema or a contract. */
  breaking?: boolean;
}

interface RuleBase {
  /** Stable id: what team overrides and `reasons[].rule` refer to. */
  id: string;
  /** Non-negative; for `path-words`, per distinct word found. */
  points: number;
  description: string;
}

/**
 * One scoring rule, as data. Except `change-kind` and `flag`, every kind looks at source files only (neither
 * docs nor tests), so adding a file can only add points; `change-kind` points must rise docs ≤ tests ≤ source
 * for the same reason (`parseRiskRules` enforces it).
 */
export type RiskRule =
  | (RuleBase & { kind: "change-kind"; when: Exclude<ChangeKind, "none"> })
  | (RuleBase & { kind: "path-words"; words: readonly string[] })
  | (RuleBase & { kind: "lines-changed"; above: number })
  | (RuleBase & { kind: "files-changed"; above: number })
  | (RuleBase & { kind: "new-functions"; above: number })
  | (RuleBase & { kind: "added-line"; label: string; pattern: string; flags: string })
  | (RuleBase & { kind: "flag"; flag: keyof RiskFlags });

export type RiskRuleKind = RiskRule["kind"];

/** Words that make a source path high-risk, matched as whole path words (see `matchPathWords`). */
export const HIGH_RISK_PATH_WORDS: readonly string[] = Object.freeze([
  "auth",
  "security",
  "payment",
  "migration",
  "invoice",
  "transaction",
  "finance",
]);

/**
 * The seed rules. Points are additive; the score is their sum capped at 100. Frozen, since every caller shares
 * them: tune a copy (`parseRiskRules`) instead.
 */
export const DEFAULT_RISK_RULES: readonly RiskRule[] = Object.freeze(
  (
    [
      {
        id: "docs-only",
        kind: "change-kind",
        when: "docs",
        points: 5,
        description: "Only documentation changed (.md, .mdx, .rst, .adoc, prose .txt, LICENSE…)",
      },
      {
        id: "tests-only",
        kind: "change-kind",
        when: "tests",
        points: 10,
        description: "Only tests changed, or tests and documentation",
      },
      {
        id: "source-change",
        kind: "change-kind",
        when: "source",
        points: 20,
        description: "Source code changed: the floor that puts even a one-line fix at the standard level",
      },
      {
        id: "high-risk-path",
        kind: "path-words",
        words: HIGH_RISK_PATH_WORDS,
        points: 30,
        description: "A source path names a high-risk area (each distinct word once)",
      },
      {
        id: "large-change",
        kind: "lines-changed",
        above: 500,
        points: 20,
        description: "More than 500 source lines added + removed",
      },
      {
        id: "many-files",
        kind: "files-changed",
        above: 10,
        points: 15,
        description: "More than 10 source files changed (deleted, renamed and untracked files count)",
      },
      {
        id: "many-new-functions",
        kind: "new-functions",
        above: 10,
        points: 15,
        description: "More than 10 new functions in source files",
      },
      {
        id: "sql-drop-table",
        kind: "added-line",
        label: "DROP TABLE",
        pattern: "\\bDROP\\s+TABLE\\b",
        flags: "i",
        points: 50,
        description: "An added source line drops a table",
      },
      {
        id: "sql-alter-table",
        kind: "added-line",
        label: "ALTER TABLE",
        pattern: "\\bALTER\\s+TABLE\\b",
        flags: "i",
        points: 30,
        description: "An added source line alters a table",
      },
      {
        id: "sql-delete-from",
        kind: "added-line",
        label: "DELETE FROM",
        pattern: "\\bDELETE\\s+FROM\\b",
        flags: "i",
        points: 25,
        description: "An added source line deletes rows",
      },
      {
        id: "raw-query",
        kind: "added-line",
        label: "raw query",
        // Prisma's escape hatches: $executeRaw, $executeRawUnsafe, $queryRaw, $queryRawUnsafe. Identifiers, so
        // case-sensitive, unlike the SQL keywords above.
        pattern: "\\b(?:execute|query)Raw(?:Unsafe)?\\b",
        flags: "",
        points: 20,
        description: "An added source line runs a raw query",
      },
      {
        id: "production",
        kind: "flag",
        flag: "production",
        points: 25,
        description: "flags.production: the change goes to production",
      },
      {
        id: "breaking",
        kind: "flag",
        flag: "breaking",
        points: 30,
        description: "flags.breaking: the change breaks a contract",
      },
    ] satisfies RiskRule[]
  ).map((rule) => Object.freeze(rule)),
);
