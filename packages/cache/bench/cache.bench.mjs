// Cache benchmark: `get` latency on the embedded SQLite store holding 10,000 entries, for a hit without
// dependencies, a hit checked against 20 unchanged files, a miss, a stale hit (one of 20 files changed), and a hit
// with 3 recorded searches (Grep, Glob, LS) re-run over a generated 5,000-file tree by the file-system probe.
// Usage: node bench/cache.bench.mjs [--entries N] [--samples N] [--search-samples N] [--json]   (run `pnpm build` first)
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { MODULES, moduleText, searchesIn, writeModules, writeOld, writeSearchTree } from "./trees.mjs";

const { values: opts } = parseArgs({
  options: {
    entries: { type: "string", default: "10000" },
    samples: { type: "string", default: "2000" },
    "search-samples": { type: "string", default: "200" },
    json: { type: "boolean", default: false },
  },
});
const ENTRIES = Number(opts.entries);
const SAMPLES = Number(opts.samples);
const SEARCH_SAMPLES = Number(opts["search-samples"]);
const GOAL_P99_MS = 1;
const SEARCH_GOAL_P99_MS = 50;

const dist = join(dirname(fileURLToPath(import.meta.url)), "../dist");
const { createAgentCache } = await import(join(dist, "index.js"));
const { createFsProbe, createSqliteBackend } = await import(join(dist, "node.js"));

const root = mkdtempSync(join(tmpdir(), "vextrus-cache-bench-"));
const deps = MODULES;
writeModules(root);

const backend = await createSqliteBackend({ path: join(root, ".claude", "state", "cache.db") });
const cache = createAgentCache({ backend, files: createFsProbe({ root }) });
const agents = ["code-reviewer", "Explore", "architect", "security-auditor"];
const input = (i) => ({
  agentType: agents[i % agents.length],
  prompt: `Task number ${i}: review the module and report`,
});
const output = `Findings:\n${"- a finding with some detail\n".repeat(40)}`;

const log = (m) => process.stderr.write(`${m}\n`);
log(`filling ${ENTRIES} entries…`);
for (let i = 0; i < ENTRIES; i++) {
  await cache.set({ ...input(i), output, dependencies: i % 100 === 0 ? deps : [] });
}

async function measure(label, run, prepare = async () => {}, samples = SAMPLES) {
  for (let i = 0; i < Math.min(100, samples); i++) {
    await prepare(i);
    await run(i);
  }
  const times = [];
  // CPU time of this process too: on a machine shared with other work, wall time also counts waiting for a core.
  const cpu = [];
  for (let i = 0; i < samples; i++) {
    await prepare(i);
    const c = process.cpuUsage();
    const t = process.hrtime.bigint();
    await run(i);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1e3);
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const q = (list, p) => list[Math.min(list.length - 1, Math.floor(p * list.length))];
  return {
    label,
    p50: q(times, 0.5),
    p99: q(times, 0.99),
    max: times.at(-1),
    cpuP50: q(cpu, 0.5),
    cpuP99: q(cpu, 0.99),
  };
}

const withDeps = (i) => input(Math.floor(((i * 100) % ENTRIES) / 100) * 100);
const rows = [
  await measure("hit, no dependencies", async (i) => {
    const r = await cache.get(input((i * 7919) % ENTRIES || 1));
    if (!r.hit && ((i * 7919) % ENTRIES) % 100 !== 0) throw new Error("expected a hit");
  }),
  await measure("hit, 20 unchanged dependencies", async (i) => {
    if (!(await cache.get(withDeps(i))).hit) throw new Error("expected a hit");
  }),
  await measure("miss, no entry", async (i) => {
    if ((await cache.get({ agentType: "Explore", prompt: `absent ${i}` })).hit)
      throw new Error("expected a miss");
  }),
  await measure(
    "stale, 1 of 20 dependencies changed",
    async () => {
      if ((await cache.get({ agentType: "code-reviewer", prompt: "stale probe" })).hit)
        throw new Error("expected stale");
    },
    async (i) => {
      writeOld(join(root, deps[0]), moduleText(0));
      await cache.set({ agentType: "code-reviewer", prompt: "stale probe", output, dependencies: deps });
      writeFileSync(join(root, deps[0]), `// changed ${i}\n${"export const x = 2;\n".repeat(200)}`);
    },
  ),
];

// The 5,000-file project, and three searches an Explore agent typically runs, recorded as it saw them.
const tree = join(root, "tree");
writeSearchTree(tree);
const treeProbe = createFsProbe({ root: tree });
const treeCache = createAgentCache({ backend, files: treeProbe });
const searches = searchesIn(tree);
const dependencies = [];
for (const [tool, args] of searches) {
  const entries = await treeProbe.search(tool, args, { timeoutMs: 10_000 });
  dependencies.push({ kind: "search", tool, args, result: { entries, complete: true } });
}
const explore = { agentType: "Explore", prompt: "Where is depMarker called?" };
const stored = await treeCache.store({ ...explore, output, tools: ["Grep", "Glob", "LS"], dependencies });
if (!stored.stored)
  throw new Error(`expected the search entry to be stored: ${stored.reason} ${stored.detail}`);
rows.push(
  await measure(
    "hit, 3 searches over 5,000 files",
    async () => {
      const r = await treeCache.get(explore);
      if (!r.hit) throw new Error(`expected a hit: ${r.reason} ${r.detail}`);
    },
    async () => {},
    SEARCH_SAMPLES,
  ),
);
await backend.close();
rmSync(root, { recursive: true, force: true });

if (opts.json) {
  console.log(
    JSON.stringify({ entries: ENTRIES, samples: SAMPLES, searchSamples: SEARCH_SAMPLES, rows }, null, 2),
  );
} else {
  console.log(
    `agent cache get() on SQLite with ${ENTRIES} entries, ${SAMPLES} samples each, Node ${process.version}, load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`,
  );
  for (const r of rows) {
    console.log(
      `  ${r.label.padEnd(38)} p50 ${r.p50.toFixed(3)} ms   p99 ${r.p99.toFixed(3)} ms   max ${r.max.toFixed(3)} ms   (cpu p50 ${r.cpuP50.toFixed(3)} p99 ${r.cpuP99.toFixed(3)} ms)`,
    );
  }
  const hit = rows[1];
  console.log(
    `goal: p99 ≤ ${GOAL_P99_MS} ms for a hit checked against 20 unchanged files … ${hit.p99 <= GOAL_P99_MS ? "met" : "MISSED"} (${hit.p99.toFixed(3)} ms; without dependencies ${rows[0].p99.toFixed(3)} ms)`,
  );
  const search = rows[4];
  console.log(
    `goal: p99 ≤ ${SEARCH_GOAL_P99_MS} ms for a hit with 3 searches over 5,000 files … ${search.p99 <= SEARCH_GOAL_P99_MS ? "met" : "MISSED"} (${search.p99.toFixed(3)} ms, ${SEARCH_SAMPLES} samples)`,
  );
}
