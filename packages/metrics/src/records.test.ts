import { describe, expect, it } from "vitest";
import { type InvocationRecord, validateGateRecords, validateInvocations } from "./records.js";

const good: InvocationRecord = {
  id: "toolu_1",
  agentType: "code-reviewer",
  model: "claude-sonnet-4-5",
  success: true,
  userCorrection: false,
  durationMs: 1200,
  tokens: { input: 10, output: 5, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 },
  costPico: 105_000_000n,
  cacheHit: false,
  start: "cold",
  sessionId: "s1",
  timestamp: "2026-11-20T10:00:00.000Z",
};

const bad = (patch: Record<string, unknown>) => [good, { ...good, ...patch } as InvocationRecord];

describe("record validation", () => {
  it("accepts well-formed records", () => {
    expect(() => validateInvocations([good, { ...good, failureMode: "timeout" }])).not.toThrow();
    expect(() =>
      validateGateRecords([{ gate: "lint", status: "passed", durationMs: 0, timestamp: good.timestamp }]),
    ).not.toThrow();
  });

  it.each([
    [{ id: "" }, "invocations[1].id: expected a non-empty string"],
    [{ durationMs: -1 }, "invocations[1].durationMs: expected at least 0"],
    [{ durationMs: 1.5 }, "invocations[1].durationMs: expected a whole number"],
    [{ costPico: 2n ** 63n }, `invocations[1].costPico: expected at most ${2n ** 63n - 1n}`],
    [{ costPico: 5 }, "invocations[1].costPico: expected bigint"],
    [{ success: "yes" }, "invocations[1].success: expected boolean"],
    [{ start: "warm" }, 'invocations[1].start: expected one of "cold", "cached"'],
    [{ timestamp: "2026-11-20" }, "invocations[1].timestamp: expected toISOString() form"],
    [{ tokens: { ...good.tokens, cacheRead: "3" } }, "invocations[1].tokens.cacheRead: expected number"],
  ])("names the field and what it expects: %o", (patch, message) => {
    expect(() => validateInvocations(bad(patch))).toThrow(
      expect.objectContaining({ code: "RECORD_INVALID", message: `[vextrus] [metrics] ${message}` }),
    );
  });

  it("names a gate's bad status", () => {
    expect(() =>
      validateGateRecords([
        { gate: "lint", status: "done" as never, durationMs: 0, timestamp: good.timestamp },
      ]),
    ).toThrow(/gates\[0\]\.status: expected one of "passed", "failed", "timed-out", "cancelled", "skipped"/);
  });
});
