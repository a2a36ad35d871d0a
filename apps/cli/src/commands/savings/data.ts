import { dayKeyFunction, picoToUsd, type ResolvedPeriod } from "@vextrus/cost";
import { NO_SAVINGS, type SavingsSummary, savingsSentence, summarizeSavings } from "@vextrus/metrics";
import { openSqliteSavingsStore } from "@vextrus/metrics/node";
import { type CliContext, existingStateFile } from "../../context.js";

export interface PeriodSavings {
  summary: SavingsSummary;
  /** `saved $4.20 this month: cache $3.10 (5 runs, 12 min), routing $1.10 (3 runs)`, or `nothing saved yet …`. */
  sentence: string;
}

/** How a sentence names the period: "this month", "this week", "in 2026-10", "from 2026-10-03 to 2026-10-09". */
export function periodWords(period: ResolvedPeriod): string {
  if (period.label !== undefined)
    return period.current ? (period.label.includes("W") ? "this week" : "this month") : `in ${period.label}`;
  return period.since === period.until ? `on ${period.since}` : `from ${period.since} to ${period.until}`;
}

/**
 * What the cache and routing saved in the period's days (in `timeZone`), from the project's metrics database.
 * Savings are stored with a UTC time: the rows of a day wider on each side are read and kept by their local day.
 */
export function loadSavings(
  ctx: CliContext,
  period: ResolvedPeriod,
  timeZone: string,
  words: string = periodWords(period),
): PeriodSavings {
  const path = existingStateFile(ctx, "metrics");
  let summary = NO_SAVINGS;
  if (path) {
    const store = openSqliteSavingsStore(path);
    try {
      const day = dayKeyFunction(timeZone);
      const from = new Date(Date.parse(`${period.since}T00:00:00.000Z`) - 86_400_000).toISOString();
      const to = new Date(Date.parse(`${period.until}T00:00:00.000Z`) + 2 * 86_400_000).toISOString();
      summary = summarizeSavings(
        store.savings({ from, to }).filter((r) => {
          const d = day(r.timestamp);
          return d >= period.since && d <= period.until;
        }),
      );
    } finally {
      store.close();
    }
  }
  return periodSavings(summary, words);
}

/** A period's savings with its sentence (`nothing saved yet …` when no run saved anything). */
export function periodSavings(summary: SavingsSummary, words: string): PeriodSavings {
  const empty = summary.cache.runs + summary.routing.runs === 0;
  return { summary, sentence: empty ? `nothing saved yet ${words}` : savingsSentence(summary, words) };
}

/** The JSON form: exact pico-dollars as strings, and dollars for people. */
export function savingsJson(s: PeriodSavings) {
  const { cache, routing, totalPico } = s.summary;
  return {
    totalUsd: picoToUsd(totalPico),
    totalPico: totalPico.toString(),
    cache: {
      savedUsd: picoToUsd(cache.savedPico),
      savedPico: cache.savedPico.toString(),
      runs: cache.runs,
      savedMs: cache.savedMs,
    },
    routing: {
      savedUsd: picoToUsd(routing.savedPico),
      savedPico: routing.savedPico.toString(),
      runs: routing.runs,
    },
    sentence: s.sentence,
  };
}
