import { join } from "node:path";
import { createAgentCache } from "@vextrus/cache";
import { createFsProbe, createSqliteBackend } from "@vextrus/cache/node";
import type { UsageRecord } from "@vextrus/cost";
import { openSqliteUsageStore } from "@vextrus/cost/node";
import type { InvocationRecord } from "@vextrus/metrics";
import { openSqliteMetricsStore } from "@vextrus/metrics/node";
import { NOW, SONNET } from "./harness.js";

// Direct access to the three stores the hooks write, for seeding and for checking what a hook did.

export function usageRecord(key: string, fields: Partial<UsageRecord> = {}): UsageRecord {
  return {
    key,
    timestamp: "2026-11-10T09:00:00.000Z",
    sessionId: "seed-session",
    project: "-seed",
    model: SONNET,
    agentId: null,
    sidechain: false,
    input: 0,
    output: 0,
    cacheWrite5m: 0,
    cacheWrite1h: 0,
    cacheRead: 0,
    ...fields,
  };
}

/** Seeds the user's cost ledger (a sandbox's `ledger`). */
export function seedUsage(ledger: string, records: UsageRecord[]): void {
  const store = openSqliteUsageStore(ledger);
  try {
    store.addUsage(records, "seed");
  } finally {
    store.close();
  }
}

export function readUsage(ledger: string) {
  const store = openSqliteUsageStore(ledger);
  try {
    return { counts: store.counts(), keys: store.usage().map((r) => r.key) };
  } finally {
    store.close();
  }
}

export function invocation(id: string, fields: Partial<InvocationRecord> = {}): InvocationRecord {
  return {
    id,
    agentType: "code-reviewer",
    model: SONNET,
    success: true,
    userCorrection: false,
    durationMs: 1000,
    tokens: { input: 1000, output: 100, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 },
    costPico: 4_500_000_000n,
    cacheHit: false,
    start: "cold",
    sessionId: "seed-session",
    timestamp: new Date(NOW.getTime() - 86_400_000).toISOString(),
    ...fields,
  };
}

export function seedMetrics(state: string, records: InvocationRecord[]): void {
  const store = openSqliteMetricsStore(join(state, "metrics.db"));
  try {
    store.addInvocations(records);
  } finally {
    store.close();
  }
}

export function invocations(state: string): InvocationRecord[] {
  const store = openSqliteMetricsStore(join(state, "metrics.db"));
  try {
    return store.invocations();
  } finally {
    store.close();
  }
}

/** The project's agent cache on its SQLite file, with the hooks' clock; `use` gets it and it is closed after. */
export async function withCache<T>(
  root: string,
  state: string,
  use: (cache: ReturnType<typeof createAgentCache>) => Promise<T>,
  now: () => number = () => NOW.getTime(),
): Promise<T> {
  const backend = createSqliteBackend({ path: join(state, "cache.db"), now });
  try {
    return await use(createAgentCache({ backend, files: createFsProbe({ root }), now }));
  } finally {
    await backend.close();
  }
}
