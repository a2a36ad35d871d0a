// Inserts 1,000,000 invocations (and 50,000 gate results) into a SQLite metrics store in a temp folder, then
// times what a dashboard needs: summarizeAgents over the last 30 days (per-agent totals, daily series, trends,
// failure modes, buckets, latency percentiles, cache hit rate, gate pass rates). Run after `pnpm build`.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { summarizeAgents } from "../dist/index.js";
import { openSqliteMetricsStore } from "../dist/node.js";

const TOTAL = Number(process.env.METRICS_BENCH_RECORDS ?? 1_000_000);
const BATCH = 10_000;
const DAYS = 30;
const now = new Date("2026-11-30T23:00:00.000Z");
const end = Date.UTC(2026, 10, 30);

let seed = 42;
const rnd = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const agents = [
  "code-reviewer",
  "test-writer",
  "explorer",
  "refactorer",
  "planner",
  "debugger",
  "docs",
  "security",
];
const models = ["claude-sonnet-4-5-20250929", "claude-haiku-4-5", "claude-opus-4-1"];
const modes = ["timeout", "wrong-file", "tool-error", "lint-failure"];

const dir = process.env.METRICS_BENCH_DIR ?? mkdtempSync(join(tmpdir(), "vx-metrics-bench-"));
const store = openSqliteMetricsStore(join(dir, "state", "metrics.db"));
try {
  let t0 = performance.now();
  for (let done = 0; done < TOTAL; done += BATCH) {
    const batch = [];
    for (let i = done; i < Math.min(done + BATCH, TOTAL); i++) {
      const success = rnd() < 0.9;
      const cacheHit = rnd() < 0.45;
      const input = Math.floor(rnd() * 3000);
      const output = Math.floor(rnd() * 2000);
      batch.push({
        id: `inv-${i}`,
        agentType: agents[i % agents.length],
        model: models[i % models.length],
        success,
        userCorrection: rnd() < 0.05,
        durationMs: Math.floor(rnd() * 30_000),
        tokens: {
          input,
          output,
          cacheWrite5m: cacheHit ? 0 : 4000,
          cacheWrite1h: 0,
          cacheRead: cacheHit ? 9000 : 0,
        },
        costPico: (input + output * 5) * 3_000_000,
        cacheHit,
        start: cacheHit ? "cached" : "cold",
        sessionId: `s-${i % 500}`,
        timestamp: new Date(end - Math.floor(rnd() * (DAYS - 1) * 86_400_000)).toISOString(),
        ...(success ? {} : { failureMode: modes[i % modes.length] }),
      });
    }
    store.addInvocations(batch);
  }
  const gates = [];
  for (let i = 0; i < 50_000; i++) {
    gates.push({
      gate: ["typecheck", "lint", "test", "security"][i % 4],
      status: ["passed", "passed", "failed", "timed-out", "skipped"][i % 5],
      durationMs: Math.floor(rnd() * 60_000),
      timestamp: new Date(end - Math.floor(rnd() * (DAYS - 1) * 86_400_000)).toISOString(),
    });
  }
  store.addGateResults(gates);
  const insertS = (performance.now() - t0) / 1000;
  console.log(`inserted ${TOTAL.toLocaleString("en")} invocations in ${insertS.toFixed(1)} s`);

  for (let run = 1; run <= 3; run++) {
    t0 = performance.now();
    const s = summarizeAgents(store, { now, days: DAYS });
    const ms = performance.now() - t0;
    console.log(
      `summarizeAgents over ${s.totals.invocations.toLocaleString("en")} invocations (${s.agents.length} agents, ` +
        `${s.gates.length} gates, cache hit rate ${(s.totals.cacheHitRate * 100).toFixed(1)}%, cold p95 ` +
        `${s.latency.cold.p95Ms} ms): ${ms.toFixed(0)} ms${run === 1 ? " (first run)" : ""}`,
    );
  }
} finally {
  store.close();
  if (!process.env.METRICS_BENCH_DIR) rmSync(dir, { recursive: true, force: true });
}
