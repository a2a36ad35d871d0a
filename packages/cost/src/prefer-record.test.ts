import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { usageRecord } from "../test/records.js";
import type { UsageRecord } from "./records.js";
import { mergeRecords, preferRecord } from "./store.js";

// Copies of one request: a streamed message's lines, a progress echo and the subagent's own line. The generated
// transcripts of the rollup tests also give copies whose output is equal and whose other figures are not.
const copy: fc.Arbitrary<UsageRecord> = fc
  .record({
    output: fc.integer({ min: 1, max: 3 }),
    input: fc.integer({ min: 0, max: 2 }),
    cacheRead: fc.integer({ min: 0, max: 1 }),
    timestamp: fc.constantFrom("2026-11-20T10:00:00.000Z", "2026-11-20T10:00:01.000Z"),
    model: fc.constantFrom("claude-sonnet-4-5-20250929", "claude-opus-4-6"),
    speed: fc.constantFrom(null, undefined, "fast"),
    agentId: fc.constantFrom(null, "a1"),
    sidechain: fc.boolean(),
  })
  .map(({ output, ...extra }) => usageRecord("m1:r1", output, extra));

describe("preferRecord", () => {
  it("keeps the copy with the larger output, and the agent either copy knows", () => {
    const echo = usageRecord("m1:r1", 5, { agentId: null, sidechain: true });
    const own = usageRecord("m1:r1", 50, { agentId: "a1", sidechain: true });
    expect(preferRecord(echo, own)).toEqual(own);
    expect(preferRecord(own, echo)).toEqual(own);
    expect(
      preferRecord(usageRecord("m1:r1", 50, { agentId: null }), usageRecord("m1:r1", 5, { agentId: "a1" })),
    ).toMatchObject({ output: 50, agentId: "a1" });
  });

  it("keeps the same copy whichever was read first, so many reads keep what one read keeps", () => {
    fc.assert(
      fc.property(fc.array(copy, { minLength: 1, maxLength: 5 }), (copies) => {
        const forward = new Map<string, UsageRecord>();
        const backward = new Map<string, UsageRecord>();
        mergeRecords(forward, copies);
        mergeRecords(backward, [...copies].reverse());
        expect(forward.get("m1:r1")).toEqual(backward.get("m1:r1"));
      }),
      { numRuns: 500 },
    );
  });
});
