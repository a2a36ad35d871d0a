import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMemoryUsageStore, type UsageRecord, type UsageStore } from "@vextrus/cost";
import { openSqliteUsageStore } from "@vextrus/cost/node";
import { afterAll, describe, expect, it } from "vitest";
import { request, requests } from "../test/records.js";
import { agentKeys, agentRequests, usageOf } from "./agent-requests.js";

const dir = mkdtempSync(join(tmpdir(), "vextrus-agent-requests-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Copies of one request in separate batches, as a main transcript's echo and the subagent's own file give them. */
function copies(): UsageRecord[][] {
  const at = "2026-11-20T10:00:00.000Z";
  return [
    // The echo first: no agent id, the larger output (its last streamed line).
    [request("x:1", { timestamp: at, output: 900 }), request("main:1", { output: 5 })],
    [request("x:1", { timestamp: at, output: 40, agentId: "ag9", sidechain: true })],
    // An agent's request whose larger copy comes later.
    [request("y:1", { timestamp: "2026-11-20T09:00:00.000Z", output: 10, agentId: "ag9", sidechain: true })],
    [request("y:1", { timestamp: "2026-11-20T09:00:00.000Z", output: 70 })],
  ];
}

const stores: Array<[string, () => UsageStore]> = [
  ["memory", () => createMemoryUsageStore()],
  ["SQLite", () => openSqliteUsageStore(join(dir, `${Math.random().toString(36).slice(2)}.db`))],
];

describe.each(stores)("agentRequests over a %s ledger", (_, open) => {
  const subagents = (store: UsageStore) => store.usage().filter((r) => r.agentId !== null);

  it("gives the subagents' requests as the ledger merges them, a copy without the agent id included", () => {
    const store = open();
    for (const batch of copies()) store.addUsage(batch);
    const got = agentRequests(store);
    expect(got).toEqual(subagents(store));
    // The merged copies: the echo's larger output with the subagent's id, and the later larger copy.
    expect(got.map((r) => [r.key, r.output, r.agentId])).toEqual([
      ["y:1", 70, "ag9"],
      ["x:1", 900, "ag9"],
    ]);
    store.close();
  });

  it("equals the ledger's own view on varied requests, with the keys given or found", () => {
    const store = open();
    const all = requests(400, 5);
    for (let i = 0; i < all.length; i += 37) store.addUsage(all.slice(i, i + 37), `f${i}.jsonl`);
    // Some requests again with more output, in later batches.
    store.addUsage(
      all.filter((_, i) => i % 9 === 0).map((r) => ({ ...r, output: r.output + 1 })),
      "again.jsonl",
    );
    const expected = subagents(store);
    expect(expected.length).toBeGreaterThan(50);
    expect(agentRequests(store)).toEqual(expected);
    const keys = agentKeys([store.changesSince(0, 1_000_000).records]);
    expect(agentRequests(store, keys)).toEqual(expected);
    store.close();
  });
});

describe("usageOf", () => {
  it("answers a window as usage() does: from inclusive, to exclusive", () => {
    const rs = ["2026-11-01T00:00:00.000Z", "2026-11-02T00:00:00.000Z", "2026-11-03T00:00:00.000Z"].map(
      (t, i) => request(`k${i}`, { timestamp: t }),
    );
    const usage = usageOf(rs);
    expect(usage().map((r) => r.key)).toEqual(["k0", "k1", "k2"]);
    expect(
      usage({ from: "2026-11-02T00:00:00.000Z", to: "2026-11-03T00:00:00.000Z" }).map((r) => r.key),
    ).toEqual(["k1"]);
  });
});
