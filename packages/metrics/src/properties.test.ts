import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NOW } from "../test/seed.js";
import type { InvocationRecord } from "./records.js";
import { openSqliteMetricsStore } from "./sqlite-store.js";
import { summarizeAgents } from "./summary.js";

const record = fc.record({
  id: fc.uuid(),
  agentType: fc.constantFrom("a", "b", "c", "d", "e"),
  model: fc.constantFrom("claude-haiku-4-5", "claude-sonnet-4-5"),
  success: fc.boolean(),
  userCorrection: fc.boolean(),
  durationMs: fc.nat({ max: 100_000 }),
  tokens: fc.record({
    input: fc.nat(1e6),
    output: fc.nat(1e6),
    cacheWrite5m: fc.nat(1e6),
    cacheWrite1h: fc.nat(1e6),
    cacheRead: fc.nat(1e6),
  }),
  costPico: fc.bigInt({ min: 0n, max: 10n ** 16n }),
  cacheHit: fc.boolean(),
  start: fc.constantFrom("cold" as const, "cached" as const),
  sessionId: fc.constant("s"),
  timestamp: fc
    .integer({ min: Date.UTC(2026, 9, 20), max: Date.UTC(2026, 11, 1) - 1 })
    .map((t) => new Date(t).toISOString()),
  failureMode: fc.option(fc.constantFrom("x", "y", "z", "w"), { nil: undefined }),
});
const records = fc.uniqueArray(record, { selector: (r) => r.id, maxLength: 80 }).map((list) =>
  list.map((r) => {
    const out: InvocationRecord = { ...r };
    if (r.failureMode === undefined) delete out.failureMode;
    return out;
  }),
);

describe("summary invariants", () => {
  it("keeps every rate in [0, 1] and the buckets a partition of the agents", () => {
    fc.assert(
      fc.property(records, (list) => {
        const s = summarizeAgents(list, { now: NOW });
        const rates = [s.totals.successRate, s.totals.correctionRate, s.totals.cacheHitRate];
        for (const a of s.agents) rates.push(a.successRate, a.correctionRate, a.cacheHitRate);
        for (const r of rates) expect(r >= 0 && r <= 1).toBe(true);
        const bucketed = Object.values(s.buckets).flat().sort();
        expect(bucketed).toEqual(s.agents.map((a) => a.agentType).sort());
        expect(s.agents.reduce((n, a) => n + a.invocations, 0)).toBe(s.totals.invocations);
        for (const a of s.agents) expect(a.daily.reduce((n, d) => n + d.invocations, 0)).toBe(a.invocations);
      }),
    );
  });

  it("gives the same summary from SQLite as from memory", () => {
    fc.assert(
      fc.property(records, (list) => {
        const store = openSqliteMetricsStore(":memory:");
        store.addInvocations(list);
        expect(summarizeAgents(store, { now: NOW })).toEqual(summarizeAgents(list, { now: NOW }));
        store.close();
      }),
      { numRuns: 40 },
    );
  });
});
