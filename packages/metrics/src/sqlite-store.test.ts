import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { describe, expect, it } from "vitest";
import { invocation } from "../test/seed.js";
import { metricsStoreSuite } from "../test/store-suite.js";
import { openSqliteMetricsStore } from "./sqlite-store.js";

const tempDb = () => join(mkdtempSync(join(tmpdir(), "vx-metrics-")), "state", "metrics.db");

describe("SQLite metrics store", () => {
  metricsStoreSuite(it, () => openSqliteMetricsStore(tempDb()));

  it("keeps records across close and reopen, in a private WAL database", () => {
    const path = tempDb();
    const first = openSqliteMetricsStore(path);
    first.addInvocations([invocation({ id: "a" })]);
    first.close();
    const second = openSqliteMetricsStore(path);
    expect(second.invocations().map((r) => r.id)).toEqual(["a"]);
    second.close();
    expect(statSync(join(path, "..")).mode & 0o777).toBe(0o700);
    const db = new DatabaseSync(path);
    expect(db.prepare("PRAGMA journal_mode").get()).toEqual({ journal_mode: "wal" });
    db.close();
  });

  it("sums costs past 2^53 pico exactly", () => {
    const store = openSqliteMetricsStore(tempDb());
    const big = 4_000_000_000_000_000n;
    store.addInvocations([1, 2, 3].map((i) => invocation({ id: String(i), costPico: big })));
    expect(store.aggregate().agentDays[0]?.costPico).toBe(12_000_000_000_000_000n);
    store.close();
  });

  it("round-trips a single record above 2^53 pico ($9,007) exactly, through a closed and reopened file", () => {
    const path = tempDb();
    // 2^53 + 1 pico: the first amount a JavaScript number cannot hold.
    const cost = 2n ** 53n + 1n;
    const huge = 5_000_000_000_000_000_123n; // $5M and a few pico: within SQLite's 64-bit integers
    const first = openSqliteMetricsStore(path);
    first.addInvocations([
      invocation({ id: "big", costPico: cost }),
      invocation({ id: "huge", costPico: huge }),
    ]);
    first.close();
    const second = openSqliteMetricsStore(path);
    expect(second.invocations().map((r) => [r.id, r.costPico])).toEqual([
      ["big", cost],
      ["huge", huge],
    ]);
    const summary = second.aggregate();
    expect(summary.agentDays[0]?.costPico).toBe(cost + huge);
    expect(summary.models[0]?.costPico).toBe(cost + huge);
    second.close();
  });

  it("refuses a folder, and a database of a newer schema, with a typed error", () => {
    const path = tempDb();
    openSqliteMetricsStore(path).close();
    expect(() => openSqliteMetricsStore(join(path, ".."))).toThrow(
      expect.objectContaining({ code: "STORE_INVALID" }),
    );
    const db = new DatabaseSync(path);
    db.exec("UPDATE metrics_meta SET value = '99' WHERE key = 'schema'");
    db.close();
    expect(() => openSqliteMetricsStore(path)).toThrow(/schema 99/);
  });
});
