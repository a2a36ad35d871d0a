// Two builds of the cache side by side: the same lookup on build A and build B, alternating in one process (A B,
// B A, …), so a machine shared with other work slows both alike. Rows as in cache.bench.mjs: `search` (a hit with
// 3 recorded searches over a 5,000-file tree), `deps` (a hit checked against 20 unchanged files), `nodeps`.
// Usage: node bench/lookup-ab.bench.mjs --a <dist folder> [--b <dist folder>] [--row search|deps|nodeps] [--pairs N]
// (B defaults to this package's dist; keep a copy of the other build's dist outside it, since a build replaces it).
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { MODULES, searchesIn, writeModules, writeSearchTree } from "./trees.mjs";

const { values: opts } = parseArgs({
  options: {
    a: { type: "string" },
    b: { type: "string", default: join(dirname(fileURLToPath(import.meta.url)), "../dist") },
    row: { type: "string", default: "search" },
    pairs: { type: "string" },
  },
});
if (!opts.a) throw new Error("--a: the dist folder of the build to compare with");
const row = opts.row;
if (!["search", "deps", "nodeps"].includes(row)) throw new Error("--row: search, deps or nodeps");
const PAIRS = Number(opts.pairs ?? (row === "search" ? 150 : 3000));

const root = mkdtempSync(join(tmpdir(), "vextrus-cache-ab-"));
// The trees of cache.bench.mjs: the 5,000-file project, or the 20 modules.
const tree = join(root, "tree");
if (row === "search") writeSearchTree(tree);
else writeModules(tree);

const output = `Findings:\n${"- a finding with some detail\n".repeat(40)}`;
const sides = {};
for (const [name, dist] of [
  ["A", resolve(opts.a)],
  ["B", resolve(opts.b)],
]) {
  const { createAgentCache } = await import(join(dist, "index.js"));
  const { createFsProbe, createSqliteBackend } = await import(join(dist, "node.js"));
  const backend = await createSqliteBackend({ path: join(root, name, "cache.db") });
  const probe = createFsProbe({ root: tree });
  const cache = createAgentCache({ backend, files: probe });
  const input = { agentType: "Explore", prompt: "Where is depMarker called?" };
  let dependencies = [];
  if (row === "search") {
    for (const [tool, args] of searchesIn(tree)) {
      const entries = await probe.search(tool, args, { timeoutMs: 10_000 });
      dependencies.push({ kind: "search", tool, args, result: { entries, complete: true } });
    }
  } else if (row === "deps") dependencies = MODULES;
  for (let i = 0; i < 300; i++) await cache.set({ agentType: "Explore", prompt: `filler ${i}`, output });
  const r = await cache.store({ ...input, output, tools: ["Grep", "Glob", "LS", "Read"], dependencies });
  if (!r.stored) throw new Error(`${name}: not stored: ${r.reason} ${r.detail}`);
  sides[name] = { dist, cache, backend, input, wall: [], cpu: [] };
}

const WARM = 20;
for (let i = 0; i < PAIRS + WARM; i++) {
  for (const name of i % 2 ? ["A", "B"] : ["B", "A"]) {
    const s = sides[name];
    const c = process.cpuUsage();
    const t = process.hrtime.bigint();
    const r = await s.cache.get(s.input);
    const wall = Number(process.hrtime.bigint() - t) / 1e6;
    const used = process.cpuUsage(c);
    if (!r.hit) throw new Error(`${name} missed: ${r.reason} ${r.detail}`);
    if (i >= WARM) {
      s.wall.push(wall);
      s.cpu.push((used.user + used.system) / 1e3);
    }
  }
}
const q = (list, p) =>
  [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor(p * list.length))];
console.log(`${row}: ${PAIRS} pairs, Node ${process.version}, load average ${loadavg()[0].toFixed(1)}`);
for (const [name, s] of Object.entries(sides)) {
  console.log(
    `  ${name}  wall p50 ${q(s.wall, 0.5).toFixed(3)} p99 ${q(s.wall, 0.99).toFixed(3)} ms   cpu p50 ${q(s.cpu, 0.5).toFixed(3)} p99 ${q(s.cpu, 0.99).toFixed(3)} ms   ${s.dist}`,
  );
  await s.backend.close();
}
console.log(`  B/A cpu p50 ${(q(sides.B.cpu, 0.5) / q(sides.A.cpu, 0.5)).toFixed(2)}`);
rmSync(root, { recursive: true, force: true });
