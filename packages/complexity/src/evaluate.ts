import type { ComplexityRule, CountedSignal, FlagSignal } from "./rules.js";
import {
  type CompiledKeyword,
  compileKeyword,
  findKeyword,
  type SearchableText,
  searchable,
} from "./words.js";

/** Evidence lists longer than this end with one "and N more" entry, so a 400-file change stays readable. */
export const MAX_EVIDENCE = 5;

/** A task as the rules see it; built once per `scoreTask` call and shared by its rules. */
export interface PreparedTask {
  readonly description: string;
  /** Distinct, non-blank paths in their first-seen order. */
  readonly files: readonly string[];
  readonly counts: Readonly<Record<CountedSignal, number | undefined>>;
  readonly flags: Readonly<Record<FlagSignal, boolean>>;
  /** Split texts, computed on first use: most rules never look at most paths. */
  searchable(text: string): SearchableText;
}

export interface PrepareInput {
  readonly description?: string;
  readonly files?: readonly string[];
  readonly linesChanged?: number;
  readonly newFunctions?: number;
  readonly affectsProduction?: boolean;
  readonly breakingChange?: boolean;
}

export function prepareTask(context: PrepareInput): PreparedTask {
  const files = [...new Set((context.files ?? []).filter((f) => typeof f === "string" && f.trim() !== ""))];
  const cache = new Map<string, SearchableText>();
  const number = (value: unknown) => (typeof value === "number" ? value : undefined);
  return {
    description: typeof context.description === "string" ? context.description : "",
    files,
    counts: {
      files: files.length,
      lines_changed: number(context.linesChanged),
      new_functions: number(context.newFunctions),
    },
    flags: {
      affects_production: context.affectsProduction === true,
      breaking_change: context.breakingChange === true,
    },
    searchable(text) {
      let prepared = cache.get(text);
      if (prepared === undefined) {
        prepared = searchable(text);
        cache.set(text, prepared);
      }
      return prepared;
    },
  };
}

export function capEvidence(items: readonly string[]): string[] {
  if (items.length <= MAX_EVIDENCE) return [...items];
  return [...items.slice(0, MAX_EVIDENCE), `and ${items.length - MAX_EVIDENCE} more`];
}

const COUNT_WORDS: Record<CountedSignal, readonly [one: string, many: string]> = {
  files: ["file changed", "files changed"],
  lines_changed: ["line changed", "lines changed"],
  new_functions: ["new function", "new functions"],
};

const FLAG_FIELDS: Record<FlagSignal, string> = {
  affects_production: "affectsProduction",
  breaking_change: "breakingChange",
};

// Rules are shared and their keyword lists readonly, so each list is compiled once, not on every task.
const COMPILED = new WeakMap<readonly string[], readonly CompiledKeyword[]>();

function compiled(keywords: readonly string[]): readonly CompiledKeyword[] {
  let list = COMPILED.get(keywords);
  if (list === undefined) {
    list = keywords.map(compileKeyword);
    COMPILED.set(keywords, list);
  }
  return list;
}

/** What made the rule fire, uncapped, or undefined when it does not fire. */
export function evaluateRule(rule: ComplexityRule, task: PreparedTask): string[] | undefined {
  switch (rule.kind) {
    case "count": {
      const value = task.counts[rule.of];
      // NaN, negative and absent counts never exceed a threshold ≥ 0.
      if (value === undefined || !(value > rule.above)) return undefined;
      const [one, many] = COUNT_WORDS[rule.of];
      return [`${value} ${value === 1 ? one : many} (more than ${rule.above})`];
    }
    case "flag":
      return task.flags[rule.flag] ? [`${FLAG_FIELDS[rule.flag]}: true`] : undefined;
    case "extension": {
      const endings = rule.extensions.map((e) => (e.startsWith(".") ? e : `.${e}`).toLowerCase());
      const hits = task.files.filter((file) => endings.some((ending) => file.toLowerCase().endsWith(ending)));
      return hits.length > 0 ? hits : undefined;
    }
    case "keyword": {
      const keywords = compiled(rule.keywords);
      const mode = rule.match ?? "word";
      if (rule.in === "files") {
        const hits = task.files.filter((file) => {
          const text = task.searchable(file);
          return keywords.some((keyword) => findKeyword(text, keyword, mode) !== undefined);
        });
        return hits.length > 0 ? hits : undefined;
      }
      const text = task.searchable(task.description);
      const seen = new Set<string>();
      const hits: string[] = [];
      for (const keyword of keywords) {
        const found = findKeyword(text, keyword, mode);
        if (found === undefined) continue;
        // "Event  Sourcing" and "event sourcing" are the same evidence.
        const shown = found.replace(/\s+/gu, " ");
        if (seen.has(shown.toLowerCase())) continue;
        seen.add(shown.toLowerCase());
        hits.push(shown);
      }
      return hits.length > 0 ? hits : undefined;
    }
  }
}
