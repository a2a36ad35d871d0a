// Dashboard and report benchmark: `vextrus dashboard --json` and `vextrus report monthly --format html` as whole
// processes over a metrics store holding N invocations (default 1,000,000 across 8 agents and 30 days).
// Usage: node bench/dashboard.bench.mjs [--invocations N] [--runs N]   (run `pnpm build` first; filling 1M takes ~2 min)
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values: opts } = parseArgs({
  options: { invocations: { type: "string", default: "1000000" }, runs: { type: "string", default: "3" } },
});
const N = Number(opts.invocations);
const RUNS = Number(opts.runs);
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const { openSqliteMetricsStore } = await import(join(root, "packages/metrics/dist/node.js"));
const cli = join(here, "..", "bin", "vextrus.js");
const sample = join(root, "packages/cost/test/fixtures/sample");

const dir = mkdtempSync(join(tmpdir(), "vextrus-dashboard-bench-"));
mkdirSync(join(dir, ".claude", "state"), { recursive: true });
const store = openSqliteMetricsStore(join(dir, ".claude", "state", "metrics.db"));
const agents = [
  "code-reviewer",
  "Explore",
  "backend-development",
  "security-auditor",
  "architect",
  "test-writer",
  "docs-writer",
  "Plan",
];
const now = Date.now();
let t = performance.now();
for (let start = 0; start < N; start += 10_000) {
  const batch = [];
  for (let n = start; n < Math.min(N, start + 10_000); n++) {
    batch.push({
      id: `i${n}`,
      agentType: agents[n % agents.length],
      model: n % 3 ? "claude-sonnet-4-5-20250929" : "claude-haiku-4-5-20251001",
      success: n % 11 !== 0,
      userCorrection: n % 17 === 0,
      durationMs: 500 + (n % 5000),
      tokens: { input: 1000, output: 300, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 500 },
      costPico: 5_000_000_000,
      cacheHit: n % 3 === 0,
      start: n % 3 === 0 ? "cached" : "cold",
      sessionId: `s${n % 50}`,
      timestamp: new Date(now - (n % 30) * 86_400_000 - (n % 1000) * 1000).toISOString(),
    });
  }
  store.addInvocations(batch);
}
store.close();
console.error(
  `filled ${N.toLocaleString("en-US")} invocations in ${((performance.now() - t) / 1000).toFixed(1)} s`,
);

function time(args) {
  const times = [];
  for (let i = 0; i <= RUNS; i++) {
    t = performance.now();
    const r = spawnSync(process.execPath, [cli, ...args], {
      cwd: dir,
      env: { ...process.env, CLAUDE_CONFIG_DIR: sample, NO_COLOR: "1" },
      encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(`vextrus ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
    if (i > 0) times.push((performance.now() - t) / 1000);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}
const dashboard = time(["dashboard", "--json"]);
const report = time(["report", "monthly", "--format", "html", "--out", join(dir, "report.html")]);
rmSync(dir, { recursive: true, force: true });
console.log(
  `${N.toLocaleString("en-US")} stored invocations, median of ${RUNS} after a warm-up, whole processes:`,
);
console.log(`  vextrus dashboard --json              ${dashboard.toFixed(2)} s`);
console.log(`  vextrus report monthly --format html  ${report.toFixed(2)} s`);
console.log(`goal: under 2 s … ${Math.max(dashboard, report) < 2 ? "met" : "MISSED"}`);
