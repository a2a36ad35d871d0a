import { VextrusPatternsError } from "./errors.js";
import { successfulAgents } from "./extract.js";
import {
  analyse,
  type Field,
  internalsOf,
  type PatternIndex,
  sameDocument,
  scoreDocument,
} from "./pattern-index.js";
import { weightedQuantile } from "./quantile.js";
import { assertQuery, type FinishedTask, type TaskQuery } from "./task.js";

export interface RecommendOptions {
  /** Most matches returned and used for the recommendation. */
  readonly maxMatches: number;
  /** Lowest similarity (score / the query's self-match score) for a task to count as similar. */
  readonly minSimilarity: number;
  /** Similar tasks needed for full confidence; with fewer, confidence falls in proportion. */
  readonly fullSupport: number;
  /** Lowest share of the matches' weight that must have used a gate for it to be recommended. */
  readonly minGateShare: number;
  /** Weighted quantiles of the matches' durations that bound `durationRangeMs`; by default the middle half. */
  readonly durationRange: { readonly low: number; readonly high: number };
}

export const DEFAULT_RECOMMEND_OPTIONS: RecommendOptions = Object.freeze({
  maxMatches: 5,
  minSimilarity: 0.2,
  fullSupport: 3,
  minGateShare: 0.5,
  durationRange: Object.freeze({ low: 0.25, high: 0.75 }),
});

/** A query word found in the task: its stem, the query's words that gave it, where the task has it, its score. */
export interface MatchedTerm {
  readonly term: string;
  readonly words: readonly string[];
  readonly fields: readonly Field[];
  readonly score: number;
}

export interface TaskMatch {
  readonly taskId: string;
  /** BM25F score, ≥ 0. */
  readonly score: number;
  /** `score` / the query's self-match score, capped at 1. */
  readonly similarity: number;
  /** The query has exactly this task's words and paths; such a task ranks first whatever its score. */
  readonly exact: boolean;
  /** Highest score first. */
  readonly matchedTerms: readonly MatchedTerm[];
}

export interface Recommended {
  readonly status: "recommended";
  /** The query's terms after tokenising. */
  readonly terms: readonly string[];
  readonly matches: readonly TaskMatch[];
  /** The successful agent sequence with the most match weight behind it; empty when no match had one. */
  readonly agents: readonly string[];
  /** Gates used by at least `minGateShare` of the match weight, most weight first. */
  readonly gates: readonly string[];
  /** Weighted median of the matches' durations. */
  readonly estimatedDurationMs: number;
  readonly durationRangeMs: { readonly low: number; readonly high: number };
  /** In [0, 1]: the top match's similarity × min(1, similar tasks / `fullSupport`). */
  readonly confidence: number;
}

export interface NoSimilarTasks {
  readonly status: "no-similar-tasks";
  readonly reason: "empty-history" | "no-terms" | "below-threshold";
  readonly terms: readonly string[];
  readonly matches: readonly [];
  readonly confidence: 0;
}

export type Recommendation = Recommended | NoSimilarTasks;

function checkOptions(input: Partial<RecommendOptions>): RecommendOptions {
  const options = { ...DEFAULT_RECOMMEND_OPTIONS, ...input };
  const invalid = (field: string, expected: string, got: unknown): never => {
    throw new VextrusPatternsError("OPTIONS_INVALID", `${field}: ${expected}, got ${String(got)}`);
  };
  const share = (value: unknown) => typeof value === "number" && value >= 0 && value <= 1;
  if (!Number.isInteger(options.maxMatches) || options.maxMatches < 1) {
    invalid("maxMatches", "expected a whole number ≥ 1", options.maxMatches);
  }
  if (!Number.isInteger(options.fullSupport) || options.fullSupport < 1) {
    invalid("fullSupport", "expected a whole number ≥ 1", options.fullSupport);
  }
  if (!share(options.minSimilarity))
    invalid("minSimilarity", "expected a number in [0, 1]", options.minSimilarity);
  if (!share(options.minGateShare))
    invalid("minGateShare", "expected a number in [0, 1]", options.minGateShare);
  const range = options.durationRange;
  if (!share(range?.low) || !share(range?.high) || range.low > range.high) {
    invalid("durationRange", "expected { low, high } in [0, 1] with low ≤ high", JSON.stringify(range));
  }
  return options;
}

/** Picks the value with the most weight; ties go to the one seen first, i.e. the better-ranked match. */
function heaviest<T>(items: readonly { key: string; value: T; weight: number }[]): T | undefined {
  const totals = new Map<string, { value: T; weight: number }>();
  for (const { key, value, weight } of items) {
    const entry = totals.get(key);
    if (entry === undefined) totals.set(key, { value, weight });
    else entry.weight += weight;
  }
  let best: { value: T; weight: number } | undefined;
  for (const entry of totals.values()) if (best === undefined || entry.weight > best.weight) best = entry;
  return best?.value;
}

function recommendedGates(
  matches: readonly { task: FinishedTask; weight: number }[],
  total: number,
  minShare: number,
): string[] {
  const weights = new Map<string, number>();
  for (const { task, weight } of matches) {
    for (const gate of new Set(task.gates)) weights.set(gate, (weights.get(gate) ?? 0) + weight);
  }
  return [...weights]
    .filter(([, weight]) => weight >= minShare * total - 1e-12)
    .sort((a, b) => b[1] - a[1])
    .map(([gate]) => gate);
}

/**
 * Finds the finished tasks most like `task` and recommends agents, gates and a duration from them, weighted by how
 * well each matched. A task matches when its similarity reaches `minSimilarity`; with none, the result is
 * `no-similar-tasks` rather than a guess.
 */
export function recommendApproach(
  index: PatternIndex,
  task: TaskQuery,
  options: Partial<RecommendOptions> = {},
): Recommendation {
  const query = assertQuery(task);
  const settings = checkOptions(options);
  const { documents } = internalsOf(index);
  const { document, words } = analyse(query.description, query.files ?? []);
  const terms = [...words.keys()];

  const none = (reason: NoSimilarTasks["reason"]): NoSimilarTasks => ({
    status: "no-similar-tasks",
    reason,
    terms,
    matches: [],
    confidence: 0,
  });
  if (index.tasks.length === 0) return none("empty-history");
  if (terms.length === 0) return none("no-terms");

  // What a history task identical to the query would score: the yardstick that makes scores comparable across
  // queries and histories, which raw BM25 scores are not.
  const selfScore = scoreDocument(index, document, terms).score;
  const scored: { task: FinishedTask; match: TaskMatch; order: number }[] = [];
  for (const [order, candidate] of index.tasks.entries()) {
    const indexed = documents[order];
    if (indexed === undefined) continue;
    const { score, terms: matched } = scoreDocument(index, indexed, terms);
    const exact = sameDocument(indexed, document);
    const similarity = exact ? 1 : Math.min(1, selfScore > 0 ? score / selfScore : 0);
    if (score <= 0 || similarity < settings.minSimilarity) continue;
    const matchedTerms = matched
      .map((m) => ({ term: m.term, words: words.get(m.term) ?? [], fields: m.fields, score: m.score }))
      .sort((a, b) => b.score - a.score);
    scored.push({
      task: candidate,
      match: { taskId: candidate.id, score, similarity, exact, matchedTerms },
      order,
    });
  }
  if (scored.length === 0) return none("below-threshold");

  // BM25 rewards repeating a query word, so a longer task that says "payment" three times could outrank the task
  // the query repeats word for word; an exact repeat is the best evidence there is, so it goes first.
  scored.sort(
    (a, b) =>
      Number(b.match.exact) - Number(a.match.exact) || b.match.score - a.match.score || a.order - b.order,
  );
  const top = scored.slice(0, settings.maxMatches);
  const weighted = top.map(({ task, match }) => ({ task, weight: match.score }));
  const totalWeight = weighted.reduce((sum, { weight }) => sum + weight, 0);

  const agents =
    heaviest(
      weighted
        .map(({ task, weight }) => ({ value: successfulAgents(task), weight }))
        .filter(({ value }) => value.length > 0)
        .map((item) => ({ ...item, key: JSON.stringify(item.value) })),
    ) ?? [];
  const durations = weighted.map(({ task, weight }) => ({ value: task.durationMs, weight }));
  const first = top[0]?.match.similarity ?? 0;
  const support = Math.min(1, scored.length / settings.fullSupport);

  return {
    status: "recommended",
    terms,
    matches: top.map(({ match }) => match),
    agents,
    gates: recommendedGates(weighted, totalWeight, settings.minGateShare),
    estimatedDurationMs: weightedQuantile(durations, 0.5),
    durationRangeMs: {
      low: weightedQuantile(durations, settings.durationRange.low),
      high: weightedQuantile(durations, settings.durationRange.high),
    },
    confidence: Math.min(1, Math.max(0, first * support)),
  };
}
