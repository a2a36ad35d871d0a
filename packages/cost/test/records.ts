import type { UsageRecord } from "../src/records.js";

/** A stored request as the ingest makes one: Sonnet, session s1, project p, on 2026-11-20 10:00Z, unless told. */
export function usageRecord(key: string, output: number, extra: Partial<UsageRecord> = {}): UsageRecord {
  return {
    key,
    timestamp: "2026-11-20T10:00:00.000Z",
    sessionId: "s1",
    project: "p",
    model: "claude-sonnet-4-5-20250929",
    agentId: null,
    sidechain: false,
    input: 10,
    output,
    cacheWrite5m: 1,
    cacheWrite1h: 2,
    cacheRead: 3,
    speed: null,
    geo: null,
    webSearches: 0,
    ...extra,
  };
}
