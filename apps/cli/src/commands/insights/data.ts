import { createAgentCache } from "@vextrus/cache";
import { createFsProbe, openCacheBackend } from "@vextrus/cache/node";
import { type BudgetStatus, budgetStatus, type CostReport, summarizeUsage } from "@vextrus/cost";
import { userMessage } from "@vextrus/errors";
import {
  createMemoryMetricsStore,
  type MetricsStore,
  type MetricsSummary,
  type Suggestion,
  suggestOptimizations,
  summarizeAgents,
} from "@vextrus/metrics";
import { openSqliteMetricsStore } from "@vextrus/metrics/node";
import { type CliContext, existingStateFile, projectRoot, stateDir } from "../../context.js";
import { loadUsage } from "../cost/load.js";

export interface Insights {
  days: number;
  from: string;
  to: string;
  timezone: string;
  costByDay: CostReport | null;
  costByModel: CostReport | null;
  costByAgent: CostReport | null;
  budget: BudgetStatus | null;
  metrics: MetricsSummary;
  /** Recorded invocations per day that were served from the cache (the cache's own counters have no dates). */
  cacheByDay: Array<{ day: string; hits: number; misses: number; hitRate: number }>;
  /** `storedShare`: stores / finished runs offered to the cache (the rest were not replayable or changed); null before any. */
  cache: {
    hitRate: number;
    hits: number;
    misses: number;
    entries: number;
    storedShare: number | null;
  } | null;
  suggestions: Suggestion[];
  notes: string[];
}

/** Everything the dashboard and the reports show, from the transcripts, the metrics store and the cache. */
export async function loadInsights(ctx: CliContext, days: number): Promise<Insights> {
  const now = ctx.now();
  const notes: string[] = [];
  const to = now.toISOString().slice(0, 10);
  const from = new Date(now.getTime() - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  const usage = await loadUsage(ctx, { since: from.replace(/-/g, ""), until: to.replace(/-/g, "") });
  let costByDay: CostReport | null = null;
  let costByModel: CostReport | null = null;
  let costByAgent: CostReport | null = null;
  let budget: BudgetStatus | null = null;
  let timezone = "UTC";
  if ("empty" in usage) {
    notes.push(usage.empty);
  } else {
    timezone = usage.timezone;
    const base = { book: usage.book, timezone, since: from, until: to, agentTypes: usage.agentTypes };
    costByDay = summarizeUsage(usage.records, { ...base, groupBy: "day" });
    costByModel = summarizeUsage(usage.records, { ...base, groupBy: "model" });
    costByAgent = summarizeUsage(usage.records, { ...base, groupBy: "agent" });
    budget = budgetStatus(usage.records, {
      book: usage.book,
      monthlyBudgetUsd: usage.config.monthly_budget_usd,
      alertThresholdPct: usage.config.alert_threshold_pct,
      now,
      timezone,
      agentTypes: usage.agentTypes,
    });
  }
  // Reading makes nothing: no metrics file (or no project) is an empty store.
  const metricsPath = existingStateFile(ctx, "metrics");
  const store: MetricsStore = metricsPath ? openSqliteMetricsStore(metricsPath) : createMemoryMetricsStore();
  let metrics: MetricsSummary;
  const perDay = new Map<string, { hits: number; misses: number }>();
  try {
    metrics = summarizeAgents(store, { now, days });
    // Per-day sums from the store's aggregate: a report never reads the invocation rows themselves.
    // Whole UTC days (the end exclusive) let the SQLite store answer from its per-day totals.
    const end = new Date(Date.parse(`${to}T00:00:00.000Z`) + 86_400_000).toISOString();
    for (const d of store.aggregate({ from: `${from}T00:00:00.000Z`, to: end }).agentDays) {
      const e = perDay.get(d.day) ?? { hits: 0, misses: 0 };
      e.hits += d.cacheHits;
      e.misses += d.invocations - d.cacheHits;
      perDay.set(d.day, e);
    }
  } finally {
    store.close();
  }
  let cache: Insights["cache"] = null;
  const sharedCache = /^rediss?:\/\//.test(ctx.env.VEXTRUS_STORE ?? "");
  if (sharedCache || existingStateFile(ctx, "cache"))
    try {
      const backend = await openCacheBackend({ stateDir: stateDir(ctx), env: ctx.env });
      try {
        const s = await createAgentCache({
          backend,
          files: createFsProbe({ root: projectRoot(ctx) }),
        }).stats();
        cache = {
          hitRate: s.hitRate,
          hits: s.hits,
          misses: s.misses,
          entries: s.entries,
          storedShare: s.stores + s.notStored === 0 ? null : s.storedShare,
        };
      } finally {
        await backend.close();
      }
    } catch (error) {
      notes.push(`cache: ${userMessage(error)}`);
    }
  const { createPriceBook } = await import("@vextrus/cost");
  const suggestions = suggestOptimizations(
    metrics,
    { ...(costByModel && { report: costByModel }), ...(budget && { budget }) },
    { book: createPriceBook() },
  );
  const cacheByDay = [...perDay.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, e]) => ({ day, ...e, hitRate: e.hits / (e.hits + e.misses) }));
  return {
    days,
    from,
    to,
    timezone,
    costByDay,
    costByModel,
    costByAgent,
    budget,
    metrics,
    cacheByDay,
    cache,
    suggestions,
    notes,
  };
}
