import type { Pico, TokenCounts } from "@vextrus/cost";
import type { GateRecord, InvocationRecord, StartKind } from "./records.js";

export interface InvocationQuery {
  /** Inclusive lower bound on the ISO timestamp. */
  from?: string;
  /** Exclusive upper bound on the ISO timestamp. */
  to?: string;
  agentType?: string;
}

export interface GateQuery {
  from?: string;
  to?: string;
  gate?: string;
}

/** Sums of one agent type on one UTC day: the unit every store aggregates to, so summaries never read rows. */
export interface AgentDayAggregate {
  agentType: string;
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  invocations: number;
  successes: number;
  corrections: number;
  durationMs: number;
  tokens: TokenCounts;
  costPico: Pico;
  cacheHits: number;
  hitCostPico: Pico;
  /** Cost of the runs that failed or that the user corrected. */
  wastedCostPico: Pico;
}

export interface FailureModeAggregate {
  agentType: string;
  failureMode: string;
  count: number;
}

export interface ModelAggregate {
  model: string;
  invocations: number;
  tokens: TokenCounts;
  costPico: Pico;
}

export interface LatencyAggregate {
  start: StartKind;
  count: number;
  durationMs: number;
  /** Nearest rank: the value at position ceil(p × count) of the sorted durations. */
  p50Ms: number;
  p95Ms: number;
}

export interface GateAggregate {
  gate: string;
  runs: number;
  passed: number;
  failed: number;
  timedOut: number;
  cancelled: number;
  skipped: number;
  /** Summed over the runs that reached a verdict (passed, failed, timed out). */
  verdictDurationMs: number;
}

export interface MetricsAggregate {
  agentDays: AgentDayAggregate[];
  failureModes: FailureModeAggregate[];
  models: ModelAggregate[];
  latency: LatencyAggregate[];
  gates: GateAggregate[];
}

export function emptyTokens(): TokenCounts {
  return { input: 0, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 };
}

export function addTokens(into: TokenCounts, add: TokenCounts): void {
  into.input += add.input;
  into.output += add.output;
  into.cacheWrite5m += add.cacheWrite5m;
  into.cacheWrite1h += add.cacheWrite1h;
  into.cacheRead += add.cacheRead;
}

/** Nearest-rank percentile of ascending `sorted` (0 when empty). */
export function nearestRank(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

export function inRange(timestamp: string, q: { from?: string; to?: string }): boolean {
  return (q.from === undefined || timestamp >= q.from) && (q.to === undefined || timestamp < q.to);
}

/** Canonical order so two stores' aggregates compare equal. */
export function sortAggregate(a: MetricsAggregate): MetricsAggregate {
  const by =
    <T>(key: (x: T) => string) =>
    (x: T, y: T) =>
      key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0;
  a.agentDays.sort(by((r) => `${r.agentType}\0${r.day}`));
  a.failureModes.sort(by((r) => `${r.agentType}\0${r.failureMode}`));
  a.models.sort(by((r) => r.model));
  a.latency.sort(by((r) => r.start));
  a.gates.sort(by((r) => r.gate));
  return a;
}

/** The pure aggregation of records in memory; the SQLite store computes the same with GROUP BY. */
export function aggregateRecords(
  invocations: readonly InvocationRecord[],
  gates: readonly GateRecord[],
  query: InvocationQuery = {},
): MetricsAggregate {
  const days = new Map<string, AgentDayAggregate>();
  const modes = new Map<string, FailureModeAggregate>();
  const models = new Map<string, ModelAggregate>();
  const durations: Record<StartKind, number[]> = { cold: [], cached: [] };
  for (const r of invocations) {
    if (!inRange(r.timestamp, query)) continue;
    if (query.agentType !== undefined && r.agentType !== query.agentType) continue;
    const day = r.timestamp.slice(0, 10);
    const key = `${r.agentType}\0${day}`;
    let d = days.get(key);
    if (!d) {
      d = {
        agentType: r.agentType,
        day,
        invocations: 0,
        successes: 0,
        corrections: 0,
        durationMs: 0,
        tokens: emptyTokens(),
        costPico: 0n,
        cacheHits: 0,
        hitCostPico: 0n,
        wastedCostPico: 0n,
      };
      days.set(key, d);
    }
    const cost = r.costPico;
    d.invocations++;
    if (r.success) d.successes++;
    if (r.userCorrection) d.corrections++;
    d.durationMs += r.durationMs;
    addTokens(d.tokens, r.tokens);
    d.costPico += cost;
    if (r.cacheHit) {
      d.cacheHits++;
      d.hitCostPico += cost;
    }
    if (!r.success || r.userCorrection) d.wastedCostPico += cost;
    if (r.failureMode !== undefined) {
      const mk = `${r.agentType}\0${r.failureMode}`;
      const m = modes.get(mk) ?? { agentType: r.agentType, failureMode: r.failureMode, count: 0 };
      m.count++;
      modes.set(mk, m);
    }
    const model = models.get(r.model) ?? {
      model: r.model,
      invocations: 0,
      tokens: emptyTokens(),
      costPico: 0n,
    };
    model.invocations++;
    addTokens(model.tokens, r.tokens);
    model.costPico += cost;
    models.set(r.model, model);
    durations[r.start].push(r.durationMs);
  }
  const latency: LatencyAggregate[] = [];
  for (const start of ["cached", "cold"] as const) {
    const sorted = durations[start].sort((a, b) => a - b);
    if (sorted.length === 0) continue;
    latency.push({
      start,
      count: sorted.length,
      durationMs: sorted.reduce((s, x) => s + x, 0),
      p50Ms: nearestRank(sorted, 50),
      p95Ms: nearestRank(sorted, 95),
    });
  }
  return sortAggregate({
    agentDays: [...days.values()],
    failureModes: [...modes.values()],
    models: [...models.values()],
    latency,
    gates: aggregateGates(gates, query),
  });
}

/** A gate with no runs yet: the start of every store's per-gate sums. */
export function emptyGateAggregate(gate: string): GateAggregate {
  return { gate, runs: 0, passed: 0, failed: 0, timedOut: 0, cancelled: 0, skipped: 0, verdictDurationMs: 0 };
}

function aggregateGates(
  gates: readonly GateRecord[],
  query: { from?: string; to?: string },
): GateAggregate[] {
  const out = new Map<string, GateAggregate>();
  for (const g of gates) {
    if (!inRange(g.timestamp, query)) continue;
    const a = out.get(g.gate) ?? emptyGateAggregate(g.gate);
    a.runs++;
    if (g.status === "passed") a.passed++;
    else if (g.status === "failed") a.failed++;
    else if (g.status === "timed-out") a.timedOut++;
    else if (g.status === "cancelled") a.cancelled++;
    else a.skipped++;
    if (g.status === "passed" || g.status === "failed" || g.status === "timed-out")
      a.verdictDurationMs += g.durationMs;
    out.set(g.gate, a);
  }
  return [...out.values()];
}
