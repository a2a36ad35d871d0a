import { VextrusRiskError } from "./errors.js";
import { levelForScore, type RiskLevel } from "./levels.js";
import { type FileChange, parseUnifiedDiff } from "./parse-diff.js";
import { classifyChange, type FileClass, matchPathWords } from "./paths.js";
import { type ChangeKind, DEFAULT_RISK_RULES, type RiskFlags, type RiskRule } from "./rules.js";

export interface RiskInput {
  /** A unified diff, or changes already parsed by `parseUnifiedDiff` (e.g. with custom languages). */
  diff: string | readonly FileChange[];
  /** Extra changed paths the diff does not show, such as untracked files. */
  files?: readonly string[];
  flags?: RiskFlags;
}

export interface RiskReason {
  /** The id of the rule that fired. */
  rule: string;
  points: number;
  /** What in the change made it fire, for a human: a path, a line, a count. */
  evidence: string;
}

export interface RiskStats {
  /** Distinct changed paths, docs and tests included. */
  files: number;
  added: number;
  removed: number;
  newFunctions: number;
}

export interface RiskAssessment {
  /** `uncapped` clamped to 0-100. */
  score: number;
  /** The sum of `reasons[].points`. */
  uncapped: number;
  level: RiskLevel;
  kind: ChangeKind;
  reasons: RiskReason[];
  /** The diff's files, then the extra `files` it did not already name (as `added`, with no lines). */
  files: FileChange[];
  stats: RiskStats;
}

const EVIDENCE_LINE = 120;

/**
 * Scores a change by `rules` (default `DEFAULT_RISK_RULES`). Pure: the same input always gives the same answer.
 * Throws `VextrusRiskError` (`DIFF_INVALID`, `INPUT_INVALID`) on input it cannot read.
 */
export function assessChangeRisk(
  input: RiskInput,
  rules: readonly RiskRule[] = DEFAULT_RISK_RULES,
): RiskAssessment {
  if (typeof input !== "object" || input === null) {
    throw new VextrusRiskError("INPUT_INVALID", "expected { diff, files?, flags? }");
  }
  const files = withExtraPaths(
    typeof input.diff === "string" ? parseUnifiedDiff(input.diff) : input.diff,
    input.files,
  );
  const classes = files.map((file) => classifyChange(file.path, file.oldPath));
  const kind = changeKind(classes);
  const source = files.filter((_, i) => classes[i] === "source");

  const reasons: RiskReason[] = [];
  for (const rule of rules) reasons.push(...evaluate(rule, { kind, source, flags: input.flags ?? {} }));
  const uncapped = reasons.reduce((sum, reason) => sum + reason.points, 0);
  const score = Math.max(0, Math.min(100, uncapped));
  return {
    score,
    uncapped,
    level: levelForScore(score),
    kind,
    reasons,
    files,
    stats: {
      files: new Set(files.map((file) => file.path)).size,
      added: sum(files, (file) => file.added),
      removed: sum(files, (file) => file.removed),
      newFunctions: sum(files, (file) => file.newFunctions),
    },
  };
}

function withExtraPaths(changes: readonly FileChange[], extra: readonly string[] | undefined): FileChange[] {
  const files = [...changes];
  if (extra === undefined) return files;
  if (!Array.isArray(extra)) throw new VextrusRiskError("INPUT_INVALID", "files: expected a list of paths");
  const known = new Set(
    files.flatMap((file) => (file.oldPath === undefined ? [file.path] : [file.path, file.oldPath])),
  );
  extra.forEach((path, i) => {
    if (typeof path !== "string" || path.length === 0) {
      throw new VextrusRiskError("INPUT_INVALID", `files.${i}: expected a non-empty path`);
    }
    if (known.has(path)) return;
    known.add(path);
    files.push({
      path,
      status: "added",
      added: 0,
      removed: 0,
      addedLines: [],
      newFunctions: 0,
      binary: false,
    });
  });
  return files;
}

function changeKind(classes: readonly FileClass[]): ChangeKind {
  if (classes.length === 0) return "none";
  if (classes.includes("source")) return "source";
  return classes.includes("tests") ? "tests" : "docs";
}

interface Context {
  kind: ChangeKind;
  source: readonly FileChange[];
  flags: RiskFlags;
}

function evaluate(rule: RiskRule, { kind, source, flags }: Context): RiskReason[] {
  const reason = (evidence: string, points = rule.points): RiskReason[] => [
    { rule: rule.id, points, evidence },
  ];
  switch (rule.kind) {
    case "change-kind": {
      if (kind !== rule.when) return [];
      if (kind === "source") return reason(`${count(source.length, "source file")} changed`);
      return reason(
        kind === "docs" ? "every changed file is documentation" : "every changed file is a test or docs",
      );
    }
    case "path-words": {
      const paths = source.flatMap((file) =>
        file.oldPath === undefined ? [file.path] : [file.path, file.oldPath],
      );
      return matchPathWords(paths, rule.words).map((match) => ({
        rule: rule.id,
        points: rule.points,
        evidence: `"${match.word}" in ${match.path}`,
      }));
    }
    case "lines-changed": {
      const lines = sum(source, (file) => file.added + file.removed);
      return lines > rule.above
        ? reason(`${count(lines, "source line")} added or removed (more than ${rule.above})`)
        : [];
    }
    case "files-changed": {
      const paths = new Set(source.map((file) => file.path)).size;
      return paths > rule.above
        ? reason(`${count(paths, "source file")} changed (more than ${rule.above})`)
        : [];
    }
    case "new-functions": {
      const functions = sum(source, (file) => file.newFunctions);
      return functions > rule.above
        ? reason(`${count(functions, "new function")} in source files (more than ${rule.above})`)
        : [];
    }
    case "added-line": {
      const pattern = compile(rule);
      for (const file of source) {
        const line = file.addedLines.find((text) => pattern.test(text));
        if (line !== undefined) return reason(`${rule.label} added in ${file.path}: ${clip(line.trim())}`);
      }
      return [];
    }
    case "flag":
      return flags[rule.flag] === true ? reason(`flags.${rule.flag} is set`) : [];
  }
}

function compile(rule: Extract<RiskRule, { kind: "added-line" }>): RegExp {
  try {
    // `g`/`y` would make `test` stateful across lines.
    return new RegExp(rule.pattern, rule.flags.replace(/[gy]/g, ""));
  } catch (error) {
    throw new VextrusRiskError("CONFIG_INVALID", `rule ${rule.id}: invalid pattern /${rule.pattern}/`, {
      cause: error,
    });
  }
}

function sum<T>(items: readonly T[], value: (item: T) => number): number {
  let total = 0;
  for (const item of items) total += value(item);
  return total;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function clip(text: string): string {
  return text.length > EVIDENCE_LINE ? `${text.slice(0, EVIDENCE_LINE - 1)}…` : text;
}
