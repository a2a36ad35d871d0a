import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { usdToPico } from "./money.js";
import { reconcileSession } from "./reconcile.js";
import { openReportedCostStore } from "./sqlite-reported.js";
import { openSqliteUsageStore } from "./sqlite-store.js";
import { parseWeekDay, weekStartKey } from "./weeks.js";

describe("reconcileSession", () => {
  it("is the signed difference, as a share of Claude Code's figure", () => {
    const r = reconcileSession(usdToPico(1.1), usdToPico(1));
    expect(r.differencePico).toBe(usdToPico(0.1));
    expect(r.differencePct).toBe(10);
    expect(r.agrees).toBe(false);
    expect(reconcileSession(usdToPico(0.9), usdToPico(1)).differencePct).toBe(-10);
  });

  it("agrees below half a cent either way, the precision both figures are shown with", () => {
    expect(reconcileSession(usdToPico(1.004), usdToPico(1)).agrees).toBe(true);
    expect(reconcileSession(usdToPico(0.996), usdToPico(1)).agrees).toBe(true);
    expect(reconcileSession(usdToPico(1.005), usdToPico(1)).agrees).toBe(false);
  });

  it("has no share when Claude Code reported nothing but we counted something", () => {
    expect(reconcileSession(usdToPico(0.5), 0n).differencePct).toBeNull();
    expect(reconcileSession(0n, 0n)).toMatchObject({ differencePct: 0, agrees: true });
  });
});

describe("openReportedCostStore", () => {
  const ledger = () => join(mkdtempSync(join(tmpdir(), "vx-reported-")), "vextrus.db");

  it("keeps the largest figure Claude Code reported for a session, beside the usage store's tables", () => {
    const path = ledger();
    const usage = openSqliteUsageStore(path);
    const store = openReportedCostStore(path);
    store.record("s1", usdToPico(0.5), "2026-11-20T10:00:00.000Z");
    store.record("s1", usdToPico(1.25), "2026-11-20T10:05:00.000Z");
    // A late line from an older process: smaller, so it does not replace the running total.
    store.record("s1", usdToPico(0.75), "2026-11-20T10:06:00.000Z");
    store.record("s2", usdToPico(3), "2026-11-20T10:07:00.000Z");
    store.close();
    usage.close();
    const reader = openReportedCostStore(path, { readOnly: true });
    expect(reader.get(["s1"])).toEqual(
      new Map([["s1", { sessionId: "s1", costPico: usdToPico(1.25), seenAt: "2026-11-20T10:05:00.000Z" }]]),
    );
    expect([...reader.get().keys()].sort()).toEqual(["s1", "s2"]);
    expect(() => reader.record("s3", 1n, "2026-11-20T10:08:00.000Z")).toThrow(/read-only/);
    reader.close();
  });

  it("reads a missing ledger, or one without the table, as empty and creates nothing", () => {
    const path = ledger();
    expect(openReportedCostStore(path, { readOnly: true }).get().size).toBe(0);
    openSqliteUsageStore(path).close();
    const reader = openReportedCostStore(path, { readOnly: true });
    expect(reader.get().size).toBe(0);
    reader.close();
  });

  it("names the file when it is not a database", () => {
    const dir = mkdtempSync(join(tmpdir(), "vx-reported-"));
    expect(() => openReportedCostStore(dir)).toThrow(/store: .*cannot keep Claude Code's reported costs/);
  });
});

describe("weeks", () => {
  it("reads a day name or its first three letters, and names the field otherwise", () => {
    expect(parseWeekDay("Mon", "--start-of-week")).toBe("monday");
    expect(parseWeekDay(" SUNDAY ", "--start-of-week")).toBe("sunday");
    expect(() => parseWeekDay("mo", "--start-of-week")).toThrow(
      /--start-of-week: expected a day of the week/,
    );
    expect(() => parseWeekDay("someday", "--start-of-week")).toThrow(/got "someday"/);
  });

  it("keys a day by the first day of its week", () => {
    // 2026-11-20 is a Friday.
    expect(weekStartKey("2026-11-20")).toBe("2026-11-15");
    expect(weekStartKey("2026-11-20", "monday")).toBe("2026-11-16");
    expect(weekStartKey("2026-11-20", "friday")).toBe("2026-11-20");
    expect(weekStartKey("2026-11-20", "saturday")).toBe("2026-11-14");
    // Across a year's end.
    expect(weekStartKey("2027-01-01", "monday")).toBe("2026-12-28");
  });
});
