import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import type { PriceOverride } from "../src/pricing.js";
import type { UsageRecord } from "../src/records.js";
import { BAND_THRESHOLDS } from "../src/rollup.js";
import type { UsageStore } from "../src/store.js";
import { usageRecord } from "./records.js";

// What the rollup property tests draw from: requests around the instants that make local days hard, in batches that
// replace each other, and the zones and price overrides a report is read with.

export const tempDb = () => join(mkdtempSync(join(tmpdir(), "vx-rollup-")), "vextrus.db");

// Instants around what makes days hard: local midnights of half-hour zones, DST changes in both directions
// (New York, Berlin, Lord Howe's half-hour shift), month and year ends; plus timestamps that are not UTC ISO.
const ANCHORS = [
  "2026-03-08T06:00:00.000Z", // New York springs forward at 07:00Z
  "2026-03-29T00:30:00.000Z", // Berlin at 01:00Z
  "2026-03-29T22:30:00.000Z", // Berlin's first midnight after it (22:00Z), in the UTC day of the change
  "2026-10-25T22:30:00.000Z", // Berlin falls back at 01:00Z; its next midnight is at 23:00Z
  "2026-04-04T14:45:00.000Z", // Lord Howe back by 30 min at 15:00Z
  "2026-10-31T23:10:00.000Z",
  "2026-11-01T05:20:00.000Z", // New York falls back at 06:00Z
  "2026-12-31T18:00:00.000Z", // Kolkata's midnight at 18:30Z
].map(Date.parse);

export const timestamp = fc
  .oneof(
    {
      weight: 12,
      arbitrary: fc.tuple(fc.constantFrom(...ANCHORS), fc.integer({ min: -3 * 3600, max: 3 * 3600 })),
    },
    // Ingest refuses a line without a valid timestamp (malformed), so every stored one parses.
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "2026-11-20T10:00:00+05:30",
        "2026-11-20 23:59:59Z",
        "2026-03-08T02:30:00-05:00",
      ),
    },
  )
  .map((t) => (typeof t === "string" ? t : new Date(t[0] + t[1] * 1000).toISOString()));

export const MODELS = [
  "claude-sonnet-4-5-20250929",
  "claude-haiku-5-5",
  "claude-opus-4-6",
  "claude-haiku-4-5",
  "mystery-model",
  "<synthetic>",
];
const tokens = fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 260_000 }));

export const record = fc.record({
  key: fc.constantFrom(
    "m1:r1",
    "m2:r1",
    "m3:r2",
    "m4:r4",
    "m5:r5",
    "m6:r6",
    "m7:r7",
    "m8:r8",
    "@f:1",
    "@f:2",
  ),
  timestamp,
  sessionId: fc.constantFrom("s1", "s2", "s3"),
  project: fc.constantFrom("-home-a-alpha", "-home-a-beta", "-home-b-Alpha"),
  model: fc.constantFrom(...MODELS),
  agentId: fc.constantFrom(null, "a1", "a2", "acompact-1"),
  sidechain: fc.boolean(),
  input: tokens,
  output: fc.integer({ min: 0, max: 5000 }),
  cacheWrite5m: tokens,
  cacheWrite1h: fc.integer({ min: 0, max: 2000 }),
  cacheRead: tokens,
  speed: fc.constantFrom(null, "fast", "standard"),
  geo: fc.constantFrom(null, "us", "global"),
  webSearches: fc.integer({ min: 0, max: 3 }),
}) as fc.Arbitrary<UsageRecord>;
/** Files' new requests, one ingest each; few keys and files, so copies replace each other and batches fold. */
export const batches = fc.array(
  fc.tuple(fc.constantFrom("f1", "f2", "f3"), fc.array(record, { maxLength: 6 })),
  {
    maxLength: 40,
  },
);

export function ingest(store: UsageStore, input: Array<[string, UsageRecord[]]>): void {
  for (const [file, records] of input) store.transaction(() => store.addUsage(records, file));
}

export const OVERRIDES: Record<string, PriceOverride>[] = [
  {},
  // A threshold that is not a built-in one: that model's requests are read one by one.
  { "mystery-model": { input: 1, output: 2, long_context: { above_tokens: 150_000, input: 2, output: 4 } } },
  // A built-in threshold with other rates, and a price for a model the table has.
  {
    "mystery-model": {
      input: "0.7",
      output: 3,
      long_context: { above_tokens: BAND_THRESHOLDS[0] ?? 1, input: 1, output: 5 },
    },
    "claude-haiku-4-5": { input: "0.9", output: "4.5", cache_read: "0.09" },
  },
];

export const ZONES = [
  "UTC",
  "Asia/Kolkata",
  "America/New_York",
  "Europe/Berlin",
  "Australia/Lord_Howe",
  "Asia/Kathmandu",
];

/** Requests of 100 input tokens each around Kolkata's midnight (18:30Z): the rollup of hour 18Z spans two local days. */
export function aroundKolkataMidnight(): UsageRecord[] {
  const at = (key: string, timestamp: string) =>
    usageRecord(key, 10, { timestamp, input: 100, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 });
  return [
    at("m1:r1", "2026-12-31T17:10:00.000Z"),
    at("m2:r2", "2026-12-31T18:10:00.000Z"),
    at("m3:r3", "2026-12-31T18:40:00.000Z"),
    at("m4:r4", "2027-01-01T09:00:00.000Z"),
  ];
}
