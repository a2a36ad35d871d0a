import { formatUsd, type Pico } from "@vextrus/cost";
import { formatIssue } from "@vextrus/errors";
import * as z from "zod/mini";
import { VextrusMetricsError } from "./errors.js";

/** What saved the money: a cache hit (a run avoided) or complexity routing (a run on a cheaper model). */
export type SavingKind = "cache" | "routing";
export const SAVING_KINDS: readonly SavingKind[] = ["cache", "routing"];

/**
 * One realised saving, recorded when it happened. A cache hit saves the exact cost and the duration of the run
 * that made the entry; a routed run saves its requests' price at the model it would otherwise have used minus
 * their exact price (negative when the chosen model was the dearer one).
 */
export interface SavingRecord {
  /** One per run: the `Agent` call's id; a record with an id already stored replaces it. */
  id: string;
  kind: SavingKind;
  agentType: string;
  sessionId: string;
  /** UTC, `toISOString()` form, as every metrics record. */
  timestamp: string;
  savedPico: Pico;
  /** Time not spent: the avoided run's duration for a hit; 0 for routing (a run's time on another model is unknown). */
  savedMs: number;
  /** The model that ran (routing) or that made the cached answer (cache), when known. */
  model?: string;
  /** Routing: the model the run would otherwise have used. */
  baselineModel?: string;
}

const INT64 = 2n ** 63n - 1n;
const nonEmpty = z.string().check(z.minLength(1));
export const savingSchema = z.object({
  id: nonEmpty,
  kind: z.enum(["cache", "routing"]),
  agentType: nonEmpty,
  sessionId: z.string(),
  timestamp: z
    .string()
    .check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, "expected toISOString() form")),
  savedPico: z.bigint().check(z.gte(-INT64), z.lte(INT64)),
  savedMs: z.int().check(z.nonnegative()),
  model: z.optional(nonEmpty),
  baselineModel: z.optional(nonEmpty),
});

/** Throws a `RECORD_INVALID` error naming the first bad field (`savings[0].savedMs`). */
export function validateSavings(records: readonly SavingRecord[]): void {
  for (let i = 0; i < records.length; i++) {
    const result = savingSchema.safeParse(records[i]);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new VextrusMetricsError(
        "RECORD_INVALID",
        issue ? formatIssue(issue, `savings[${i}]`) : `savings[${i}]: invalid`,
      );
    }
  }
}

export interface SavingsQuery {
  /** Inclusive ISO time. */
  from?: string;
  /** Exclusive ISO time. */
  to?: string;
}

export interface SavingsSummary {
  totalPico: Pico;
  cache: { savedPico: Pico; runs: number; savedMs: number };
  routing: { savedPico: Pico; runs: number };
}

export const NO_SAVINGS: SavingsSummary = Object.freeze({
  totalPico: 0n,
  cache: Object.freeze({ savedPico: 0n, runs: 0, savedMs: 0 }),
  routing: Object.freeze({ savedPico: 0n, runs: 0 }),
});

/** Sums savings by kind, exactly (bigint pico-dollars). */
export function summarizeSavings(records: Iterable<SavingRecord>): SavingsSummary {
  const cache = { savedPico: 0n, runs: 0, savedMs: 0 };
  const routing = { savedPico: 0n, runs: 0 };
  for (const r of records) {
    if (r.kind === "cache") {
      cache.savedPico += r.savedPico;
      cache.runs++;
      cache.savedMs += r.savedMs;
    } else {
      routing.savedPico += r.savedPico;
      routing.runs++;
    }
  }
  return { totalPico: cache.savedPico + routing.savedPico, cache, routing };
}

const runs = (n: number) => `${n} run${n === 1 ? "" : "s"}`;

/** `12 min`, `1.5 h`, `40 s`: time saved, rounded for a sentence. */
export function formatSavedTime(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 90 * 60_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

/** `saved $4.20 this month: cache $3.10 (5 runs, 12 min), routing $1.10 (3 runs)` */
export function savingsSentence(summary: SavingsSummary, period: string): string {
  const { cache, routing } = summary;
  return (
    `saved ${formatUsd(summary.totalPico)} ${period}: ` +
    `cache ${formatUsd(cache.savedPico)} (${runs(cache.runs)}, ${formatSavedTime(cache.savedMs)}), ` +
    `routing ${formatUsd(routing.savedPico)} (${runs(routing.runs)})`
  );
}

/**
 * Where realised savings live: beside the invocations they belong to (the project's metrics database, its own
 * table), so whoever reads a project's runs reads what they saved. Implementations: memory and SQLite (below).
 */
export interface SavingsStore {
  /** Adds records atomically; a record whose `id` is already stored replaces it (a run saves once). */
  addSavings(records: readonly SavingRecord[]): void;
  /** Matching records, oldest first. */
  savings(query?: SavingsQuery): SavingRecord[];
  summary(query?: SavingsQuery): SavingsSummary;
  close(): void;
}

const inRange = (t: string, q: SavingsQuery) =>
  (q.from === undefined || t >= q.from) && (q.to === undefined || t < q.to);
const byTime = (a: SavingRecord, b: SavingRecord) =>
  a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0;

export function createMemorySavingsStore(): SavingsStore {
  const rows = new Map<string, SavingRecord>();
  const savings = (q: SavingsQuery = {}) =>
    [...rows.values()]
      .filter((r) => inRange(r.timestamp, q))
      .map((r) => ({ ...r }))
      .sort(byTime);
  return {
    addSavings(records) {
      validateSavings(records);
      for (const r of records) rows.set(r.id, { ...r });
    },
    savings,
    summary: (q = {}) => summarizeSavings(savings(q)),
    close() {},
  };
}
