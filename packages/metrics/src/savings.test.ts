import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { usdToPico } from "@vextrus/cost";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMemorySavingsStore, type SavingRecord, savingsSentence, summarizeSavings } from "./savings.js";
import { openSqliteSavingsStore, readSavingsSummary } from "./savings-sqlite.js";
import { openSqliteMetricsStore } from "./sqlite-store.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "vx-savings-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const saving = (id: string, over: Partial<SavingRecord>): SavingRecord => ({
  id,
  kind: "cache",
  agentType: "Explore",
  sessionId: "s1",
  timestamp: "2026-11-10T12:00:00.000Z",
  savedPico: 0n,
  savedMs: 0,
  ...over,
});

const records = [
  saving("a", { savedPico: usdToPico("1.25"), savedMs: 90_000, model: "claude-opus-5-5" }),
  saving("b", { savedPico: usdToPico("0.75"), savedMs: 30_000, timestamp: "2026-11-20T08:00:00.000Z" }),
  saving("c", {
    kind: "routing",
    savedPico: usdToPico("0.40"),
    model: "claude-haiku-4-5",
    baselineModel: "claude-opus-5-5",
  }),
  // A routed run on a dearer model than the session's cost money: it counts against the saving.
  saving("d", { kind: "routing", savedPico: -usdToPico("0.10"), timestamp: "2026-11-21T08:00:00.000Z" }),
  saving("old", { savedPico: usdToPico("9"), savedMs: 1, timestamp: "2026-10-31T23:59:59.999Z" }),
];

describe("realised savings", () => {
  it("sum by kind exactly, and read as one sentence", () => {
    const november = summarizeSavings(records.filter((r) => r.timestamp >= "2026-11"));
    expect(november).toEqual({
      totalPico: usdToPico("2.30"),
      cache: { savedPico: usdToPico("2.00"), runs: 2, savedMs: 120_000 },
      routing: { savedPico: usdToPico("0.30"), runs: 2 },
    });
    expect(savingsSentence(november, "this month")).toBe(
      "saved $2.30 this month: cache $2.00 (2 runs, 2 min), routing $0.30 (2 runs)",
    );
  });

  it("a SQLite file beside the invocations: a window, one record per run, exact past 2^53 pico", () => {
    const path = join(dir, "metrics.db");
    const invocations = openSqliteMetricsStore(path);
    const store = openSqliteSavingsStore(path);
    store.addSavings(records);
    store.addSavings([
      saving("b", { savedPico: usdToPico("0.80"), savedMs: 31_000, timestamp: "2026-11-20T08:00:00.000Z" }),
    ]);
    store.addSavings([saving("huge", { savedPico: 2n ** 60n, timestamp: "2026-12-01T00:00:00.000Z" })]);
    store.close();
    invocations.close();

    const again = openSqliteSavingsStore(path);
    const window = { from: "2026-11-01T00:00:00.000Z", to: "2026-12-01T00:00:00.000Z" };
    expect(again.savings(window).map((r) => r.id)).toEqual(["a", "c", "b", "d"]);
    expect(again.summary(window).cache).toEqual({ savedPico: usdToPico("2.05"), runs: 2, savedMs: 121_000 });
    expect(again.savings(window).find((r) => r.id === "c")).toEqual(records[2]);
    expect(again.summary({ from: "2026-12-01T00:00:00.000Z" }).totalPico).toBe(2n ** 60n);
    again.close();
    // The invocations store still opens the same file.
    openSqliteMetricsStore(path).close();
  });

  it("the memory store answers as the SQLite one", () => {
    const store = createMemorySavingsStore();
    store.addSavings(records);
    expect(store.summary({ from: "2026-11-01T00:00:00.000Z" }).totalPico).toBe(usdToPico("2.30"));
  });

  it("a bad record names its field; a reader makes no database where there is none", () => {
    const store = openSqliteSavingsStore(join(dir, "m.db"));
    expect(() => store.addSavings([saving("x", { savedMs: -1 })])).toThrow(/savings\[0\]\.savedMs/);
    expect(() => store.addSavings([saving("", {})])).toThrow(/savings\[0\]\.id/);
    store.close();
    const missing = join(dir, "none", "metrics.db");
    expect(readSavingsSummary(missing).totalPico).toBe(0n);
    expect(existsSync(missing)).toBe(false);
  });
});
