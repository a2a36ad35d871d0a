// Gate runner benchmark: 6 command gates, real processes sleeping 200-800 ms, run in parallel by runGates.
// Reports the wall time against the slowest gate (goal: wall ≤ 1.05 × slowest, i.e. parallel gates cost what
// the slowest one costs) and against the sum (what running them in sequence would cost), median over runs.
// Usage: node bench/gates.bench.mjs [--runs N] [--warmup N] [--module PATH] [--json]
// Run `pnpm --filter @vextrus/orchestrator build` first: this imports the built package, as a user would.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const { values: opts } = parseArgs({
  options: {
    runs: { type: "string", default: "7" },
    warmup: { type: "string", default: "1" },
    module: { type: "string" },
    json: { type: "boolean", default: false },
  },
});
const runs = Number(opts.runs);
const warmup = Number(opts.warmup);
if (!(runs >= 1) || !(warmup >= 0)) throw new Error("--runs must be at least 1, --warmup 0 or more");

const GOAL_RATIO = 1.05;
const SLEEPS_MS = [200, 320, 440, 560, 680, 800];
const entry = opts.module
  ? resolve(opts.module)
  : join(dirname(fileURLToPath(import.meta.url)), "../dist/index.js");
if (!existsSync(entry)) {
  throw new Error(`missing ${entry}: run \`pnpm --filter @vextrus/orchestrator build\` first`);
}
const { runGates } = await import(pathToFileURL(entry).href);
if (typeof runGates !== "function") throw new Error(`${entry} does not export runGates`);

// A real process per gate: Node start-up, then a timer. Each gate's own duration includes its start-up.
const gates = SLEEPS_MS.map((ms) => ({
  name: `sleep ${ms} ms`,
  kind: "command",
  level: "minimal",
  command: [process.execPath, "-e", `setTimeout(() => {}, ${ms})`],
  timeout_seconds: 30,
}));

async function once() {
  const started = performance.now();
  const results = await runGates(gates, { concurrency: gates.length });
  const wallMs = performance.now() - started;
  const failed = results.filter((result) => result.status !== "passed");
  if (failed.length > 0) throw new Error(`gates did not pass: ${JSON.stringify(failed)}`);
  const slowestMs = Math.max(...results.map((result) => result.durationMs));
  const sumMs = results.reduce((sum, result) => sum + result.durationMs, 0);
  return { wallMs, slowestMs, sumMs, ratio: wallMs / slowestMs };
}

for (let i = 0; i < warmup; i++) await once();
const samples = [];
for (let i = 0; i < runs; i++) samples.push(await once());

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const summary = {
  gates: gates.length,
  sleepsMs: SLEEPS_MS,
  runs,
  wallMs: Math.round(median(samples.map((s) => s.wallMs))),
  slowestGateMs: Math.round(median(samples.map((s) => s.slowestMs))),
  sequentialSumMs: Math.round(median(samples.map((s) => s.sumMs))),
  ratio: Number(median(samples.map((s) => s.ratio)).toFixed(3)),
  goalRatio: GOAL_RATIO,
};
summary.met = summary.ratio <= GOAL_RATIO;

if (opts.json) {
  console.log(JSON.stringify(summary));
} else {
  console.log(
    `${summary.gates} command gates sleeping ${SLEEPS_MS.join(", ")} ms, in parallel; median of ${runs} runs`,
  );
  console.log(`  wall time         ${summary.wallMs} ms`);
  console.log(`  slowest gate      ${summary.slowestGateMs} ms`);
  console.log(
    `  ratio             ${summary.ratio}× (goal ≤ ${GOAL_RATIO}×: ${summary.met ? "met" : "NOT met"})`,
  );
  console.log(`  sequential sum    ${summary.sequentialSumMs} ms (what concurrency 1 would take)`);
}
