// Coordination benchmark on the simulated runner (fixed latencies, real timers), so every figure has an exact
// ideal to compare with: (a) the overhead of runHierarchy on a 1+3+7 plan against the best possible schedule,
// (b) the time speculation saves at an 80% approval rate against review-then-implement.
// Usage: node bench/coordination.bench.mjs [--runs N] [--json]   (after `pnpm build`)
import { parseArgs } from "node:util";

const mod = await import("../dist/index.js");
for (const name of ["createSimulatedRunner", "runHierarchy", "createSpeculator"]) {
  if (typeof mod[name] !== "function")
    throw new Error(
      `dist/index.js does not export ${name}: re-export src/coordination from src/index.ts, then build`,
    );
}
const { createSimulatedRunner, runHierarchy, createSpeculator } = mod;

const { values: opts } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    json: { type: "boolean", default: false },
  },
});
const runs = Number(opts.runs);
if (!(Number.isInteger(runs) && runs >= 1)) throw new Error("--runs must be a positive integer");
const log = (msg) => process.stderr.write(`${msg}\n`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- (a) hierarchy overhead ------------------------------------------------------------------------------

// 1 strategist, 3 coordinators, 7 workers (3 + 2 + 2). Plain tasks score 0, so every node is one haiku run.
const worker = (id) => ({ id, agent: "worker", task: `Implement part ${id}` });
const plan = {
  id: "root",
  agent: "strategist",
  task: "Integrate the release",
  children: [
    {
      id: "c1",
      agent: "coordinator",
      task: "Coordinate the API",
      children: [worker("w1"), worker("w2"), worker("w3")],
    },
    { id: "c2", agent: "coordinator", task: "Coordinate the UI", children: [worker("w4"), worker("w5")] },
    { id: "c3", agent: "coordinator", task: "Coordinate the data", children: [worker("w6"), worker("w7")] },
  ],
};

/**
 * The makespan of the plan in virtual time with zero overhead, deepest ready node first: the critical path when
 * `concurrency` covers the widest level, and the optimum for equal latencies at any concurrency (Hu, 1961).
 */
function idealMakespan(root, latencyOf, concurrency) {
  const nodes = [];
  const visit = (node, depth, parent) => {
    const entry = { node, depth, parent, waiting: (node.children ?? []).length };
    nodes.push(entry);
    for (const child of node.children ?? []) visit(child, depth + 1, entry);
  };
  visit(root, 0, undefined);
  const ready = nodes.filter((n) => n.waiting === 0);
  const running = [];
  let now = 0;
  while (ready.length > 0 || running.length > 0) {
    ready.sort((a, b) => b.depth - a.depth);
    while (running.length < concurrency && ready.length > 0) {
      const next = ready.shift();
      running.push({ entry: next, end: now + latencyOf(next.node.agent) });
    }
    running.sort((a, b) => a.end - b.end);
    const done = running.shift();
    now = done.end;
    if (done.entry.parent && --done.entry.parent.waiting === 0) ready.push(done.entry.parent);
  }
  return now;
}

const cases = [
  {
    name: "concurrency 7, latencies 120/80/60 ms",
    concurrency: 7,
    latency: { worker: 120, coordinator: 80, strategist: 60 },
  },
  {
    name: "concurrency 3, latencies 80/80/80 ms",
    concurrency: 3,
    latency: { worker: 80, coordinator: 80, strategist: 80 },
  },
];

const hierarchy = [];
for (const c of cases) {
  const latencyOf = (agent) => c.latency[agent];
  const ideal = idealMakespan(plan, latencyOf, c.concurrency);
  const runner = createSimulatedRunner({ latencyMs: (request) => latencyOf(request.agent) });
  const walls = [];
  await runHierarchy(plan, { runner, concurrency: c.concurrency }); // warm-up: JIT, module init, price book
  for (let i = 0; i < runs; i += 1) {
    const t0 = performance.now();
    const result = await runHierarchy(plan, { runner, concurrency: c.concurrency });
    walls.push(performance.now() - t0);
    if (result.status !== "succeeded") throw new Error(`hierarchy run ${i} ended ${result.status}`);
    if (result.maxInFlight > c.concurrency) throw new Error(`concurrency ${c.concurrency} exceeded`);
    await sleep(10);
  }
  const wall = median(walls);
  const overheadPct = ((wall - ideal) / ideal) * 100;
  hierarchy.push({
    case: c.name,
    idealMs: ideal,
    medianWallMs: wall,
    minWallMs: Math.min(...walls),
    overheadPct,
  });
  log(
    `hierarchy ${c.name}: ideal ${ideal} ms, median ${wall.toFixed(1)} ms, overhead ${overheadPct.toFixed(2)}%`,
  );
}

// ---- (b) speculation ----------------------------------------------------------------------------------------

const REVIEW_MS = 60;
const IMPLEMENT_MS = 90;
const TASKS = 20;
// Every fifth plan is rejected with a revision: exactly 80% approval in any window of 20.
const approvedAt = (i) => i % 5 !== 4;

const abortableSleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
const review = (i) => async () => {
  await abortableSleep(REVIEW_MS);
  return approvedAt(i) ? { approved: true } : { approved: false, revisedPlan: `plan ${i} (revised)` };
};
const implement = async (p, signal) => {
  await abortableSleep(IMPLEMENT_MS, signal);
  return `built ${p}`;
};

let t0 = performance.now();
for (let i = 0; i < TASKS; i += 1) {
  const verdict = await review(i)();
  await implement(verdict.approved ? `plan ${i}` : verdict.revisedPlan);
}
const sequentialMs = performance.now() - t0;

const speculator = createSpeculator({ minSuccessRate: 0.8, window: 20 });
t0 = performance.now();
for (let i = 0; i < TASKS; i += 1) {
  const outcome = await speculator.run({ plan: `plan ${i}`, review: review(i), implement });
  if (outcome.value !== `built ${approvedAt(i) ? `plan ${i}` : `plan ${i} (revised)`}`)
    throw new Error(`speculation ${i} returned ${outcome.value}`);
}
const speculativeMs = performance.now() - t0;
const stats = speculator.stats();
const approvals = Array.from({ length: TASKS }, (_, i) => approvedAt(i)).filter(Boolean).length;
// Approved: max(review, implement); rejected: the review, then a fresh implementation.
const expectedSpeculativeMs =
  approvals * Math.max(REVIEW_MS, IMPLEMENT_MS) + (TASKS - approvals) * (REVIEW_MS + IMPLEMENT_MS);
const speculation = {
  tasks: TASKS,
  reviewMs: REVIEW_MS,
  implementMs: IMPLEMENT_MS,
  approvalRate: stats.approvalRate,
  stillEnabled: stats.enabled,
  sequentialMs,
  speculativeMs,
  expectedSpeculativeMs,
  savedMs: sequentialMs - speculativeMs,
  savedPct: ((sequentialMs - speculativeMs) / sequentialMs) * 100,
  savedMsByStats: stats.savedMs,
  wastedMsByStats: stats.wastedMs,
};
log(
  `speculation: review-then-implement ${sequentialMs.toFixed(0)} ms, speculative ${speculativeMs.toFixed(0)} ms ` +
    `(ideal ${expectedSpeculativeMs}), saved ${speculation.savedPct.toFixed(1)}%`,
);

const goalMet = hierarchy.every((h) => h.overheadPct <= 5);
if (opts.json) {
  process.stdout.write(
    `${JSON.stringify({ runs, hierarchy, speculation, overheadGoalPct: 5, goalMet }, null, 2)}\n`,
  );
} else {
  const rows = [
    ["hierarchy 1+3+7", "ideal ms", "median wall ms", "overhead"],
    ...hierarchy.map((h) => [
      h.case,
      String(h.idealMs),
      h.medianWallMs.toFixed(1),
      `${h.overheadPct.toFixed(2)}%`,
    ]),
  ];
  const widths = rows[0].map((_, col) => Math.max(...rows.map((r) => r[col].length)));
  for (const r of rows) console.log(r.map((cell, col) => cell.padEnd(widths[col])).join("  "));
  console.log(`overhead goal ≤ 5%: ${goalMet ? "met" : "MISSED"}`);
  console.log("");
  console.log(
    `speculation, ${TASKS} tasks, review ${REVIEW_MS} ms, implement ${IMPLEMENT_MS} ms, approval ${(stats.approvalRate * 100).toFixed(0)}%` +
      ` (speculator ${stats.enabled ? "still on" : "turned off"}):`,
  );
  console.log(`  review then implement  ${sequentialMs.toFixed(0)} ms`);
  console.log(`  speculative            ${speculativeMs.toFixed(0)} ms (ideal ${expectedSpeculativeMs} ms)`);
  console.log(
    `  saved                  ${speculation.savedMs.toFixed(0)} ms (${speculation.savedPct.toFixed(1)}%); ` +
      `overlap kept ${stats.savedMs.toFixed(0)} ms, speculation thrown away ${stats.wastedMs.toFixed(0)} ms`,
  );
}
process.exitCode = goalMet ? 0 : 1;
