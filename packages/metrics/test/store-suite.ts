// One behavioural suite for every MetricsStore (memory, SQLite, any later backend), in the keyv manner: a
// backend's test file is a factory line and one call of this suite.
import { expect, type TestAPI } from "vitest";
import { aggregateRecords } from "../src/aggregate.js";
import { VextrusMetricsError } from "../src/errors.js";
import type { MetricsStore } from "../src/store.js";
import { summarizeAgents } from "../src/summary.js";
import { invocation, NOW, seedGates, seedInvocations } from "./seed.js";

export type StoreFactory = () => MetricsStore | Promise<MetricsStore>;

export function metricsStoreSuite(it: TestAPI, make: StoreFactory): void {
  it("stores invocations and reads them back unchanged, oldest first", async () => {
    const store = await make();
    const late = invocation({ id: "b", timestamp: "2026-11-30T12:00:00.000Z", failureMode: "timeout" });
    const early = invocation({
      id: "a",
      timestamp: "2026-11-29T12:00:00.000Z",
      tokens: { input: 1, output: 2, cacheWrite5m: 3, cacheWrite1h: 4, cacheRead: 5 },
      costPico: 123_456n,
      cacheHit: true,
      start: "cached",
      userCorrection: true,
      success: false,
    });
    store.addInvocations([late, early]);
    expect(store.invocations()).toEqual([early, late]);
    store.close();
  });

  it("replaces an invocation recorded again under the same id", async () => {
    const store = await make();
    store.addInvocations([invocation({ id: "x", success: false })]);
    store.addInvocations([invocation({ id: "x", success: true })]);
    expect(store.invocations().map((r) => r.success)).toEqual([true]);
    store.close();
  });

  it("filters by inclusive from, exclusive to and agent type", async () => {
    const store = await make();
    store.addInvocations([
      invocation({ id: "1", timestamp: "2026-11-01T00:00:00.000Z", agentType: "a" }),
      invocation({ id: "2", timestamp: "2026-11-02T00:00:00.000Z", agentType: "b" }),
      invocation({ id: "3", timestamp: "2026-11-03T00:00:00.000Z", agentType: "a" }),
    ]);
    const ids = (q: Parameters<MetricsStore["invocations"]>[0]) => store.invocations(q).map((r) => r.id);
    expect(ids({ from: "2026-11-02T00:00:00.000Z" })).toEqual(["2", "3"]);
    expect(ids({ to: "2026-11-02T00:00:00.000Z" })).toEqual(["1"]);
    expect(ids({ agentType: "a" })).toEqual(["1", "3"]);
    expect(ids({ agentType: "a", from: "2026-11-02T00:00:00.000Z" })).toEqual(["3"]);
    store.close();
  });

  it("stores gate results and filters them by time and gate", async () => {
    const store = await make();
    const g1 = {
      gate: "lint",
      status: "passed" as const,
      durationMs: 10,
      timestamp: "2026-11-01T00:00:00.000Z",
    };
    const g2 = {
      gate: "test",
      status: "timed-out" as const,
      durationMs: 20,
      timestamp: "2026-11-02T00:00:00.000Z",
    };
    store.addGateResults([g2, g1]);
    expect(store.gateResults()).toEqual([g1, g2]);
    expect(store.gateResults({ gate: "test" })).toEqual([g2]);
    expect(store.gateResults({ from: "2026-11-02T00:00:00.000Z" })).toEqual([g2]);
    store.close();
  });

  it("rejects a bad batch naming the field, and stores none of it", async () => {
    const store = await make();
    const bad = invocation({ id: "bad", durationMs: -1 });
    expect(() => store.addInvocations([invocation({ id: "ok" }), bad])).toThrow(
      expect.objectContaining({
        code: "RECORD_INVALID",
        message: expect.stringContaining("invocations[1].durationMs"),
      }),
    );
    expect(() => store.addInvocations([invocation({ id: "t", timestamp: "2026-11-30 10:00" })])).toThrow(
      VextrusMetricsError,
    );
    expect(() =>
      store.addGateResults([
        { gate: "g", status: "green" as never, durationMs: 1, timestamp: "2026-11-30T10:00:00.000Z" },
      ]),
    ).toThrow(expect.objectContaining({ code: "RECORD_INVALID" }));
    expect(store.invocations()).toEqual([]);
    expect(store.gateResults()).toEqual([]);
    store.close();
  });

  it("aggregates a seeded history exactly as the in-memory reference does", async () => {
    const store = await make();
    const records = seedInvocations();
    const gates = seedGates();
    store.addInvocations(records);
    store.addGateResults(gates);
    const window = { from: "2026-11-01T00:00:00.000Z", to: "2026-12-01T00:00:00.000Z" };
    expect(store.aggregate(window)).toEqual(aggregateRecords(records, gates, window));
    expect(store.aggregate({ ...window, agentType: "explorer" })).toEqual(
      aggregateRecords(records, gates, { ...window, agentType: "explorer" }),
    );
    expect(store.aggregate()).toEqual(aggregateRecords(records, gates));
    expect(summarizeAgents(store, { now: NOW })).toEqual(
      summarizeAgents({ invocations: records, gates }, { now: NOW }),
    );
    store.close();
  });

  it("keeps aggregates right when records are replaced, for whole-day and partial windows", async () => {
    const store = await make();
    const records = seedInvocations(3, 10);
    store.addInvocations(records);
    // Re-record a third of them with another agent, day, outcome, failure mode and start.
    const changed = records
      .filter((_, i) => i % 3 === 0)
      .map((r, i) => ({
        ...r,
        agentType: i % 2 ? "explorer" : "new-agent",
        timestamp: "2026-11-25T06:00:00.000Z",
        success: !r.success,
        failureMode: r.success ? "flipped" : undefined,
        start: r.start === "cold" ? ("cached" as const) : ("cold" as const),
        costPico: r.costPico + 1n,
      }));
    for (const c of changed) if (c.failureMode === undefined) delete c.failureMode;
    store.addInvocations(changed);
    const byId = new Map(records.map((r) => [r.id, r]));
    for (const c of changed) byId.set(c.id, c);
    const now = [...byId.values()];
    for (const window of [
      {},
      { from: "2026-11-25T00:00:00.000Z", to: "2026-11-30T00:00:00.000Z" },
      { from: "2026-11-25T05:59:59.999Z", to: "2026-11-29T12:00:00.000Z", agentType: "explorer" },
    ])
      expect(store.aggregate(window)).toEqual(aggregateRecords(now, [], window));
    store.close();
  });

  it("aggregates an empty store to nothing", async () => {
    const store = await make();
    expect(store.aggregate()).toEqual({
      agentDays: [],
      failureModes: [],
      models: [],
      latency: [],
      gates: [],
    });
    const summary = summarizeAgents(store, { now: NOW });
    expect(summary.agents).toEqual([]);
    expect(summary.latency.cold).toEqual({ count: 0, avgMs: null, p50Ms: null, p95Ms: null });
    store.close();
  });
}
