import {
  aggregateRecords,
  type GateQuery,
  type InvocationQuery,
  inRange,
  type MetricsAggregate,
} from "./aggregate.js";
import {
  type GateRecord,
  type InvocationRecord,
  validateGateRecords,
  validateInvocations,
} from "./records.js";

/** Where invocation and gate records live. Implementations: memory (below), SQLite (`@vextrus/metrics/node`). */
export interface MetricsStore {
  /** Adds records atomically (all or none); a record whose `id` is already stored replaces it. */
  addInvocations(records: readonly InvocationRecord[]): void;
  addGateResults(records: readonly GateRecord[]): void;
  /** Matching invocations, oldest first. */
  invocations(query?: InvocationQuery): InvocationRecord[];
  gateResults(query?: GateQuery): GateRecord[];
  /** Per agent-day sums, failure modes, models, latency and gates, without reading rows out. */
  aggregate(query?: InvocationQuery): MetricsAggregate;
  close(): void;
}

const byTime = (a: { timestamp: string }, b: { timestamp: string }) =>
  a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0;

export function createMemoryMetricsStore(): MetricsStore {
  const invocations = new Map<string, InvocationRecord>();
  const gates: GateRecord[] = [];
  return {
    addInvocations(records) {
      validateInvocations(records);
      for (const r of records) invocations.set(r.id, structuredClone(r));
    },
    addGateResults(records) {
      validateGateRecords(records);
      for (const r of records) gates.push({ ...r });
    },
    invocations(query = {}) {
      return [...invocations.values()]
        .filter((r) => inRange(r.timestamp, query))
        .filter((r) => query.agentType === undefined || r.agentType === query.agentType)
        .map((r) => structuredClone(r))
        .sort(byTime);
    },
    gateResults(query = {}) {
      return gates
        .filter((g) => inRange(g.timestamp, query) && (query.gate === undefined || g.gate === query.gate))
        .map((g) => ({ ...g }))
        .sort(byTime);
    },
    aggregate: (query = {}) => aggregateRecords([...invocations.values()], gates, query),
    close() {},
  };
}
