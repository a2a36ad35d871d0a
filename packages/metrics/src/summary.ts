import type { Pico, TokenCounts } from "@vextrus/cost";
import {
  type AgentDayAggregate,
  addTokens,
  aggregateRecords,
  emptyTokens,
  type GateAggregate,
  type MetricsAggregate,
  type ModelAggregate,
} from "./aggregate.js";
import { type SuccessBucket, successBucket } from "./buckets.js";
import { VextrusMetricsError } from "./errors.js";
import type { GateRecord, InvocationRecord } from "./records.js";
import type { MetricsStore } from "./store.js";
import { DEFAULT_TREND, successTrend, type Trend, type TrendOptions } from "./trend.js";
import { metricsRange, metricsWindow } from "./window.js";

export interface DailyPoint {
  day: string;
  invocations: number;
  successes: number;
  /** null on a day without runs. */
  successRate: number | null;
  costPico: Pico;
}

export interface AgentSummary {
  agentType: string;
  invocations: number;
  successes: number;
  successRate: number;
  corrections: number;
  correctionRate: number;
  avgDurationMs: number;
  tokens: TokenCounts;
  costPico: Pico;
  cacheHits: number;
  cacheHitRate: number;
  /** Cost of the runs that failed or were corrected by the user. */
  wastedCostPico: Pico;
  bucket: SuccessBucket;
  trend: Trend;
  /** One point per day of the window, oldest first, zero-filled. */
  daily: DailyPoint[];
  /** The three most frequent failure modes (ties by name). */
  failureModes: { failureMode: string; count: number }[];
}

export interface LatencyStats {
  count: number;
  /** null when there were no runs of this kind. */
  avgMs: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
}

export interface GateSummary extends Omit<GateAggregate, "verdictDurationMs"> {
  /** passed ÷ (passed + failed + timed-out); cancelled and skipped runs reached no verdict. null without one. */
  passRate: number | null;
  avgDurationMs: number | null;
}

export interface MetricsSummary {
  from: string;
  to: string;
  days: number;
  totals: {
    invocations: number;
    successRate: number;
    correctionRate: number;
    cacheHits: number;
    cacheHitRate: number;
    tokens: TokenCounts;
    costPico: Pico;
    /** Cost of cache-hit runs, so a miss's average cost can be told from a hit's. */
    hitCostPico: Pico;
  };
  agents: AgentSummary[];
  buckets: Record<SuccessBucket, string[]>;
  latency: { cold: LatencyStats; cached: LatencyStats };
  models: ModelAggregate[];
  gates: GateSummary[];
}

export interface SummaryOptions {
  now: Date;
  /** Length of the window in UTC days, ending with `now`'s day; default 30. */
  days?: number;
  /** UTC days (`YYYY-MM-DD`, both included) instead of `days`: a report of a past month or week. */
  range?: { since: string; until: string };
  agentType?: string;
  trend?: Partial<TrendOptions>;
}

export type MetricsSource =
  | MetricsStore
  | readonly InvocationRecord[]
  | { invocations: readonly InvocationRecord[]; gates?: readonly GateRecord[] };

const rate = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

function loadAggregate(source: MetricsSource, query: { from: string; to: string; agentType?: string }) {
  if (Array.isArray(source)) return aggregateRecords(source as readonly InvocationRecord[], [], query);
  if ("aggregate" in source) return source.aggregate(query);
  const records = source as { invocations: readonly InvocationRecord[]; gates?: readonly GateRecord[] };
  return aggregateRecords(records.invocations, records.gates ?? [], query);
}

/** Everything a dashboard shows about agents over the last `days` UTC days. Pure: `now` is given. */
export function summarizeAgents(source: MetricsSource, options: SummaryOptions): MetricsSummary {
  const window = options.range
    ? metricsRange(options.range.since, options.range.until)
    : metricsWindow(options.now, options.days ?? 30);
  const days = window.dayKeys.length;
  const trendOptions = { ...DEFAULT_TREND, ...options.trend };
  if (!Number.isInteger(trendOptions.recentDays) || trendOptions.recentDays < 1)
    throw new VextrusMetricsError("OPTIONS_INVALID", "trend.recentDays: expected a whole number ≥ 1");
  const query = {
    from: window.from,
    to: window.to,
    ...(options.agentType !== undefined && { agentType: options.agentType }),
  };
  const aggregate: MetricsAggregate = loadAggregate(source, query);
  const recentFrom = window.dayKeys[Math.max(0, days - trendOptions.recentDays)] ?? "";

  const byAgent = new Map<string, AgentDayAggregate[]>();
  for (const d of aggregate.agentDays) {
    const list = byAgent.get(d.agentType) ?? [];
    list.push(d);
    byAgent.set(d.agentType, list);
  }
  const agents: AgentSummary[] = [];
  for (const [agentType, rows] of byAgent) {
    const a = {
      invocations: 0,
      successes: 0,
      corrections: 0,
      durationMs: 0,
      tokens: emptyTokens(),
      costPico: 0n,
      cacheHits: 0,
      wastedCostPico: 0n,
    };
    const recent = { invocations: 0, successes: 0 };
    const baseline = { invocations: 0, successes: 0 };
    const perDay = new Map<string, AgentDayAggregate>();
    for (const d of rows) {
      a.invocations += d.invocations;
      a.successes += d.successes;
      a.corrections += d.corrections;
      a.durationMs += d.durationMs;
      addTokens(a.tokens, d.tokens);
      a.costPico += d.costPico;
      a.cacheHits += d.cacheHits;
      a.wastedCostPico += d.wastedCostPico;
      const period = d.day >= recentFrom ? recent : baseline;
      period.invocations += d.invocations;
      period.successes += d.successes;
      perDay.set(d.day, d);
    }
    const daily = window.dayKeys.map((day) => {
      const d = perDay.get(day);
      return {
        day,
        invocations: d?.invocations ?? 0,
        successes: d?.successes ?? 0,
        successRate: d ? rate(d.successes, d.invocations) : null,
        costPico: d?.costPico ?? 0n,
      };
    });
    const failureModes = aggregate.failureModes
      .filter((m) => m.agentType === agentType)
      .sort((x, y) => y.count - x.count || (x.failureMode < y.failureMode ? -1 : 1))
      .slice(0, 3)
      .map(({ failureMode, count }) => ({ failureMode, count }));
    agents.push({
      agentType,
      ...a,
      successRate: rate(a.successes, a.invocations),
      correctionRate: rate(a.corrections, a.invocations),
      avgDurationMs: rate(a.durationMs, a.invocations),
      cacheHitRate: rate(a.cacheHits, a.invocations),
      bucket: successBucket(a.successes, a.invocations),
      trend: successTrend(recent, baseline, trendOptions),
      daily,
      failureModes,
    });
  }
  agents.sort((x, y) => y.invocations - x.invocations || (x.agentType < y.agentType ? -1 : 1));

  const buckets: Record<SuccessBucket, string[]> = {
    "above-95": [],
    "90-95": [],
    "85-90": [],
    "below-85": [],
  };
  for (const a of agents) buckets[a.bucket].push(a.agentType);

  const totals = {
    invocations: 0,
    successes: 0,
    corrections: 0,
    cacheHits: 0,
    tokens: emptyTokens(),
    costPico: 0n,
    hitCostPico: 0n,
  };
  for (const d of aggregate.agentDays) {
    totals.invocations += d.invocations;
    totals.successes += d.successes;
    totals.corrections += d.corrections;
    totals.cacheHits += d.cacheHits;
    addTokens(totals.tokens, d.tokens);
    totals.costPico += d.costPico;
    totals.hitCostPico += d.hitCostPico;
  }

  const latencyOf = (start: "cold" | "cached"): LatencyStats => {
    const l = aggregate.latency.find((x) => x.start === start);
    if (!l || l.count === 0) return { count: 0, avgMs: null, p50Ms: null, p95Ms: null };
    return { count: l.count, avgMs: l.durationMs / l.count, p50Ms: l.p50Ms, p95Ms: l.p95Ms };
  };

  const gates = aggregate.gates.map((g): GateSummary => {
    const verdicts = g.passed + g.failed + g.timedOut;
    return {
      gate: g.gate,
      runs: g.runs,
      passed: g.passed,
      failed: g.failed,
      timedOut: g.timedOut,
      cancelled: g.cancelled,
      skipped: g.skipped,
      passRate: verdicts === 0 ? null : g.passed / verdicts,
      avgDurationMs: verdicts === 0 ? null : g.verdictDurationMs / verdicts,
    };
  });

  return {
    from: window.from,
    to: window.to,
    days,
    totals: {
      invocations: totals.invocations,
      successRate: rate(totals.successes, totals.invocations),
      correctionRate: rate(totals.corrections, totals.invocations),
      cacheHits: totals.cacheHits,
      cacheHitRate: rate(totals.cacheHits, totals.invocations),
      tokens: totals.tokens,
      costPico: totals.costPico,
      hitCostPico: totals.hitCostPico,
    },
    agents,
    buckets,
    latency: { cold: latencyOf("cold"), cached: latencyOf("cached") },
    models: aggregate.models,
    gates,
  };
}
