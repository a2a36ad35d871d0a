import type { UsageRecord } from "@vextrus/cost";
import { usageRecord } from "../../cost/test/records.js";

const MODELS = [
  "claude-sonnet-4-5-20250929",
  "claude-opus-4-1-20250805",
  "claude-haiku-4-5",
  "claude-unpriced-9",
];

/** A request as the local ledger holds it; every field may be overridden. */
export function request(key: string, extra: Partial<UsageRecord> = {}): UsageRecord {
  return usageRecord(key, 100, { project: "-home-me-app", model: MODELS[0] as string, ...extra });
}

/** A deterministic pseudo-random generator (mulberry32), so a failing case can be replayed from its seed. */
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

/** `n` varied requests: several models (one unpriced), days across a month boundary, sessions, agents, flags. */
export function requests(n: number, seed: number, prefix = "m"): UsageRecord[] {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)] as T;
  const out: UsageRecord[] = [];
  for (let i = 0; i < n; i++) {
    const day = 1 + Math.floor(rnd() * 45);
    const ts = new Date(Date.UTC(2026, 9, day, Math.floor(rnd() * 24), Math.floor(rnd() * 60), 7, 123));
    const agent = rnd() < 0.3 ? pick(["ag1", "ag2", "ag3"]) : null;
    out.push(
      request(`${prefix}${i}:req${i}`, {
        timestamp: ts.toISOString(),
        sessionId: pick(["s1", "s2", "s3", "s4"]),
        project: pick(["-home-me-app", "-home-me-api"]),
        model: pick(MODELS),
        agentId: agent,
        sidechain: agent !== null,
        input: Math.floor(rnd() * 5000),
        output: 1 + Math.floor(rnd() * 3000),
        cacheWrite5m: Math.floor(rnd() * 20000),
        cacheWrite1h: Math.floor(rnd() * 2000),
        cacheRead: Math.floor(rnd() * 200000),
        speed: rnd() < 0.1 ? "fast" : null,
        geo: rnd() < 0.2 ? "us" : null,
        webSearches: rnd() < 0.05 ? 2 : 0,
      }),
    );
  }
  return out;
}
