// Deterministic, realistic invocation records: four agent types with different success rates, models and cache
// habits, spread over 45 days before NOW.
import type { GateRecord, InvocationRecord } from "../src/records.js";

export const NOW = new Date("2026-11-30T15:00:00.000Z");

/** mulberry32: a small seeded generator, so every run sees the same records. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const AGENTS = [
  { agentType: "code-reviewer", model: "claude-sonnet-4-5-20250929", success: 0.97, hit: 0.6, perDay: 6 },
  { agentType: "test-writer", model: "claude-haiku-4-5", success: 0.92, hit: 0.5, perDay: 5 },
  { agentType: "explorer", model: "claude-haiku-4-5", success: 0.88, hit: 0.3, perDay: 4 },
  { agentType: "refactorer", model: "claude-opus-4-1", success: 0.78, hit: 0.2, perDay: 3 },
] as const;
const MODES = ["timeout", "wrong-file", "tool-error", "lint-failure", "hallucinated-api"];

export function seedInvocations(seed = 42, days = 45): InvocationRecord[] {
  const rnd = random(seed);
  const out: InvocationRecord[] = [];
  const end = Date.UTC(2026, 10, 30);
  for (let d = days - 1; d >= 0; d--) {
    const dayStart = end - d * 86_400_000;
    for (const a of AGENTS) {
      const n = a.perDay + Math.floor(rnd() * 4);
      for (let i = 0; i < n; i++) {
        const success = rnd() < a.success;
        const cacheHit = rnd() < a.hit;
        const input = 200 + Math.floor(rnd() * 3000);
        const output = 100 + Math.floor(rnd() * 2000);
        const cacheRead = cacheHit ? 5000 + Math.floor(rnd() * 20000) : 0;
        const cacheWrite5m = cacheHit ? 0 : 2000 + Math.floor(rnd() * 8000);
        const record: InvocationRecord = {
          id: `${a.agentType}-${dayStart}-${i}`,
          agentType: a.agentType,
          model: a.model,
          success,
          userCorrection: rnd() < 0.05,
          durationMs: (cacheHit ? 4000 : 9000) + Math.floor(rnd() * 20000),
          tokens: { input, output, cacheWrite5m, cacheWrite1h: 0, cacheRead },
          costPico: BigInt((input + output * 5 + cacheWrite5m + cacheRead) * 3_000_000),
          cacheHit,
          start: cacheHit ? "cached" : "cold",
          sessionId: `s-${Math.floor(rnd() * 20)}`,
          timestamp: new Date(dayStart + Math.floor(rnd() * 86_400_000)).toISOString(),
        };
        if (!success) record.failureMode = MODES[Math.floor(rnd() * rnd() * MODES.length)] ?? "timeout";
        out.push(record);
      }
    }
  }
  return out;
}

export function seedGates(seed = 7, count = 300): GateRecord[] {
  const rnd = random(seed);
  const gates = ["typecheck", "lint", "test", "security"];
  const statuses = ["passed", "passed", "passed", "failed", "timed-out", "cancelled", "skipped"] as const;
  return Array.from({ length: count }, (_, i) => ({
    gate: gates[i % gates.length] ?? "test",
    status: statuses[Math.floor(rnd() * statuses.length)] ?? "passed",
    durationMs: 1000 + Math.floor(rnd() * 60_000),
    timestamp: new Date(Date.UTC(2026, 10, 30) - Math.floor(rnd() * 40 * 86_400_000)).toISOString(),
  }));
}

/** A hand-made invocation: defaults for every field a test does not care about. */
export function invocation(over: Partial<InvocationRecord> & { id: string }): InvocationRecord {
  return {
    agentType: "a",
    model: "claude-haiku-4-5",
    success: true,
    userCorrection: false,
    durationMs: 1000,
    tokens: { input: 0, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 },
    costPico: 0n,
    cacheHit: false,
    start: "cold",
    sessionId: "s",
    timestamp: "2026-11-30T10:00:00.000Z",
    ...over,
  };
}
