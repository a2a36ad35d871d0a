import { createAgentCache } from "@vextrus/cache";
import { createFsProbe, openCacheBackend } from "@vextrus/cache/node";
import {
  type BudgetStatus,
  budgetStatus,
  type CostReport,
  daysBetween,
  type PeriodRequest,
  type Pico,
  type ResolvedPeriod,
  resolvePeriod,
} from "@vextrus/cost";
import { userMessage } from "@vextrus/errors";
import {
  type MetricsSummary,
  type Suggestion,
  suggestOptimizations,
  summarizeAgents,
} from "@vextrus/metrics";
import type { TeamAgentRunsRow } from "@vextrus/team";
import { type CliContext, existingStateFile, projectRoot, stateDir } from "../../context.js";
import { loadUsage, systemTimezone } from "../cost/load.js";
import { type ReconciledTotals, reconciledTotals, reconcileSessions } from "../cost/views.js";
import { loadSavings, type PeriodSavings, periodSavings, periodWords } from "../savings/data.js";
import { loadTranscriptRuns, metricsWithHistory } from "./history.js";

export interface Insights {
  days: number;
  from: string;
  to: string;
  /** `2026-11`, `2026-W47`, or undefined for another span of days. */
  label?: string;
  /** The period holds today: its figures are to date. */
  current: boolean;
  timezone: string;
  costByDay: CostReport | null;
  costByModel: CostReport | null;
  costByAgent: CostReport | null;
  /** The period's sessions Claude Code's status line reported a cost for, ours beside its (null: none). */
  claudeCode: ReconciledTotals | null;
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
  /** What the cache and routing saved in the period, exactly, from the project's metrics database. */
  savings: PeriodSavings;
  /** `--team`: the cost parts and the budget came from the team ledger (this URL, no password). */
  team?: { ledger: string };
  /** `--team`: every machine's subagent runs by type, from the team ledger (what the Agents part then shows). */
  teamAgents?: TeamAgentRunsRow[];
  notes: string[];
}

/** One agent type's line in the Agents part: the hooks' and transcripts' summary, or the team ledger's sums. */
export interface AgentLine {
  agent: string;
  invocations: number;
  /** null: no run finished in the period. */
  successRate: number | null;
  avgDurationMs: number | null;
  costPico: Pico;
}

/** The Agents part's lines: every machine's runs with `--team`, else this project's summary. */
export function agentLines(i: Insights): AgentLine[] {
  if (i.teamAgents)
    return i.teamAgents.map((r) => ({
      agent: r.agentType,
      invocations: r.runs,
      successRate: r.runs === 0 ? null : (r.runs - r.failed) / r.runs,
      avgDurationMs: r.runs === 0 ? null : r.durationMs / r.runs,
      costPico: r.costPico,
    }));
  return i.metrics.agents.map((a) => ({
    agent: a.agentType,
    invocations: a.invocations,
    successRate: a.successRate,
    avgDurationMs: a.avgDurationMs,
    costPico: a.costPico,
  }));
}

export interface PeriodOptions {
  since?: string;
  until?: string;
  month?: string;
  week?: string;
  timezone?: string;
}

/**
 * The days a dashboard or report covers, in `--timezone` (default: the system's): `@vextrus/cost`'s rule, with
 * the options named as the user typed them. Read before anything is loaded, so a bad value costs nothing.
 */
export function insightsPeriod(
  ctx: CliContext,
  options: PeriodOptions,
  fallback: PeriodRequest["fallback"],
): { period: ResolvedPeriod; timezone: string } {
  const timezone = options.timezone ?? systemTimezone();
  const period = resolvePeriod(
    { since: options.since, until: options.until, month: options.month, week: options.week, fallback },
    {
      now: ctx.now(),
      timeZone: timezone,
      names: { since: "--since", until: "--until", month: "--month", week: "--week" },
    },
  );
  return { period, timezone };
}

/** Everything the dashboard and the reports show, from the transcripts, the metrics store and the cache. */
export async function loadInsights(
  ctx: CliContext,
  { period, timezone: zone }: { period: ResolvedPeriod; timezone: string },
  options: { team?: boolean } = {},
): Promise<Insights> {
  const now = ctx.now();
  const notes: string[] = [];
  const { since: from, until: to } = period;
  const days = daysBetween(period);
  const usage = await loadUsage(ctx, {
    since: from.replace(/-/g, ""),
    until: to.replace(/-/g, ""),
    timezone: zone,
  });
  let costByDay: CostReport | null = null;
  let costByModel: CostReport | null = null;
  let costByAgent: CostReport | null = null;
  let costBySession: CostReport | null = null;
  let budget: BudgetStatus | null = null;
  let timezone = zone;
  if ("empty" in usage) {
    notes.push(usage.empty);
  } else {
    timezone = usage.timezone;
    const base = { book: usage.book, timezone, since: from, until: to, agentTypes: usage.agentTypes };
    // From the ledger's rollups (groups, not every request).
    try {
      costByDay = usage.view.summarize({ ...base, groupBy: "day" });
      costByModel = usage.view.summarize({ ...base, groupBy: "model" });
      costByAgent = usage.view.summarize({ ...base, groupBy: "agent" });
      costBySession = usage.view.summarize({ ...base, groupBy: "session" });
      budget = budgetStatus(usage.view, {
        book: usage.book,
        monthlyBudgetUsd: usage.config.monthly_budget_usd,
        alertThresholdPct: usage.config.alert_threshold_pct,
        now,
        timezone,
        agentTypes: usage.agentTypes,
      });
    } finally {
      usage.close();
    }
  }
  let claudeCode: ReconciledTotals | null = null;
  if (costBySession)
    try {
      claudeCode = reconciledTotals(await reconcileSessions(ctx, costBySession.groups));
    } catch (error) {
      notes.push(`Claude Code's reported costs: ${userMessage(error)}`);
    }
  let team: Insights["team"];
  let teamAgents: TeamAgentRunsRow[] | undefined;
  let savings: PeriodSavings | undefined;
  if (options.team) {
    // The cost parts from the team ledger instead: every machine's requests, summed by PostgreSQL.
    const { teamCostParts, teamScopeNote } = await import("../cost/team-insights.js");
    const parts = await teamCostParts(ctx, { since: from, until: to, timezone });
    ({ costByDay, costByModel, costByAgent, budget } = parts);
    teamAgents = parts.agentRuns;
    savings = periodSavings(parts.savings, periodWords(period));
    claudeCode = null; // Claude Code's reported costs are this machine's sessions only
    team = { ledger: parts.ledger };
    notes.unshift(teamScopeNote(parts.ledger));
  }
  // The hooks' records (.claude/state/metrics.db) and every subagent run in the transcripts, a run both saw once.
  // Metrics are kept by UTC day; the period's days are taken as UTC days here.
  const range = {
    from: `${from}T00:00:00.000Z`,
    to: new Date(Date.parse(`${to}T00:00:00.000Z`) + 86_400_000).toISOString(),
  };
  const history = await loadTranscriptRuns(ctx, range, { ingest: "empty" in usage });
  const { store, source } = metricsWithHistory(ctx, history);
  let metrics: MetricsSummary;
  const perDay = new Map<string, { hits: number; misses: number }>();
  try {
    metrics = summarizeAgents(store, { now, range: { since: from, until: to } });
    notes.push(source(range));
    for (const d of store.aggregate(range).agentDays) {
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
    ...(period.label !== undefined && { label: period.label }),
    current: period.current,
    timezone,
    costByDay,
    costByModel,
    costByAgent,
    claudeCode,
    budget,
    metrics,
    cacheByDay,
    cache,
    suggestions,
    savings: savings ?? loadSavings(ctx, period, zone),
    ...(team && { team }),
    ...(teamAgents && { teamAgents }),
    notes,
  };
}
