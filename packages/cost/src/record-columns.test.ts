import { describe, expect, it } from "vitest";
import { columnsToRecords, recordsToColumns } from "./record-columns.js";
import type { UsageRecord } from "./records.js";

function record(i: number, extra: Partial<UsageRecord> = {}): UsageRecord {
  return {
    key: `msg_${i}:req_${i}`,
    timestamp: `2026-11-20T10:${String(i % 60).padStart(2, "0")}:00.000Z`,
    sessionId: `s${i % 3}`,
    project: i % 2 ? "-home-dev-app" : "-home-dev-lib",
    model: "claude-sonnet-4-5-20250929",
    agentId: i % 4 === 0 ? null : `a${i % 4}`,
    sidechain: i % 5 === 0,
    input: i,
    output: 1_000_000 + i,
    cacheWrite5m: 2 ** 40 + i,
    cacheWrite1h: 0,
    cacheRead: 7 * i,
    ...extra,
  };
}

describe("requests as columns", () => {
  it("come back as the records they were, field for field, absent fields absent", () => {
    const records = [
      record(0),
      record(1, { speed: "fast", geo: "us", webSearches: 3 }),
      record(2, { speed: null, geo: null, webSearches: 0 }),
      record(3, { speed: "standard" }),
      record(4, { geo: "global" }),
      record(5, { agentId: "acompact-1", sidechain: true }),
      ...Array.from({ length: 50 }, (_, i) => record(6 + i, i % 2 ? { speed: "fast" } : {})),
    ];
    const back = columnsToRecords(recordsToColumns(records));
    expect(back).toStrictEqual(records);
  });

  it("keep each repeated string once", () => {
    const columns = recordsToColumns(Array.from({ length: 40 }, (_, i) => record(i, { speed: "fast" })));
    expect(columns.strings.length).toBe(new Set(columns.strings).size);
    // s0 s1 s2, two projects, one model, a1 a2 a3, "fast"
    expect(columns.strings.length).toBe(3 + 2 + 1 + 3 + 1);
    expect(columns.keys.length).toBe(40);
  });

  it("hand over no request for none", () => {
    expect(columnsToRecords(recordsToColumns([]))).toEqual([]);
  });
});
