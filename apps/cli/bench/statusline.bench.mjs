// Status-line benchmark: `vextrus statusline` as Claude Code runs it (a whole process, the JSON on stdin) over the
// cost bench corpus (packages/cost/bench/corpus.mjs), against `node -e 0`. Goal (issue 14): p50 ≤ 2× node -e 0.
// Usage: node bench/statusline.bench.mjs [--size-mb N] [--runs N] [--dir PATH]   (run `pnpm build` first)
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values: opts } = parseArgs({
  options: {
    "size-mb": { type: "string", default: "200" },
    runs: { type: "string", default: "21" },
    dir: { type: "string" },
  },
});
const SIZE = Number(opts["size-mb"]);
const RUNS = Number(opts.runs);
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const { generateCorpus, readManifest } = await import(join(root, "packages/cost/bench/corpus.mjs"));
const cli = join(here, "..", "bin", "vextrus.js");
const fakeNow = join(here, "fake-now.mjs");

const base = opts.dir ? resolve(opts.dir) : mkdtempSync(join(tmpdir(), "vextrus-statusline-bench-"));
const corpus = join(base, "claude");
mkdirSync(corpus, { recursive: true });
let manifest = readManifest(corpus, { sizeMb: SIZE });
if (!manifest) {
  process.stderr.write(`generating a ${SIZE} MB corpus in ${corpus} …\n`);
  manifest = generateCorpus({ dir: corpus, sizeMb: SIZE });
}

// The session with the latest request: "now" is an hour after it, inside its 5-hour block, and that session is the
// one Claude Code reports on, so every segment has something to show.
let last = { ts: "", sessionId: "", project: "" };
for (const project of readdirSync(join(corpus, "projects"))) {
  for (const file of readdirSync(join(corpus, "projects", project))) {
    if (!file.endsWith(".jsonl")) continue;
    const text = readFileSync(join(corpus, "projects", project, file), "utf8");
    for (const m of text.matchAll(/"timestamp":"([^"]+)"/g))
      if (m[1] > last.ts) last = { ts: m[1], sessionId: file.slice(0, -6), project };
  }
}
const now = Date.parse(last.ts) + 3_600_000;
const cwd = join(base, "project");
mkdirSync(join(cwd, ".claude"), { recursive: true });
// The same project with `rescan_seconds: 0`: every run lists and stats every transcript, as before it existed.
const cwdAll = join(base, "project-rescan-0");
mkdirSync(join(cwdAll, ".claude"), { recursive: true });
writeFileSync(
  join(cwdAll, ".claude", "settings.json"),
  JSON.stringify({ optimization: { statusline: { rescan_seconds: 0 } } }),
);
const payload = (dir) =>
  JSON.stringify({
    session_id: last.sessionId,
    transcript_path: join(corpus, "projects", last.project, `${last.sessionId}.jsonl`),
    cwd: dir,
    model: { id: "claude-sonnet-4-5-20250929", display_name: "Sonnet 4.5" },
    workspace: { current_dir: dir, project_dir: dir },
    version: "2.1.332",
    cost: { total_cost_usd: 1.23 },
    rate_limits: { five_hour: { used_percentage: 42 }, seven_day: { used_percentage: 7 } },
  });
const input = payload(cwd);
const env = {
  PATH: process.env.PATH,
  HOME: join(base, "home"),
  CLAUDE_CONFIG_DIR: corpus,
  NO_COLOR: "1",
  BENCH_NOW: String(now),
};

function time(args, stdin, dir = cwd) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: dir, env, input: stdin, encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(" ")}: exit ${r.status}\n${r.stderr}`);
  return { ms, stdout: r.stdout, stderr: r.stderr };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function series(label, args, stdin, dir) {
  time(args, stdin, dir); // warm-up (page cache, V8 compile cache)
  const ms = [];
  for (let i = 0; i < RUNS; i++) ms.push(time(args, stdin, dir).ms);
  return { label, p50: median(ms), min: Math.min(...ms), max: Math.max(...ms) };
}

if (!existsSync(join(here, "..", "dist", "statusline.js"))) throw new Error("run `pnpm build` first");
// The first run reads the whole corpus into the user's ledger; every later one reads only what is new (nothing).
const first = time(["--import", fakeNow, cli, "statusline"], input);
process.stderr.write(`first run (ledger built): ${first.ms.toFixed(0)} ms\n${first.stdout}${first.stderr}`);
const rows = [
  series("node -e 0", ["-e", "0"]),
  series("node --import fake-now -e 0", ["--import", fakeNow, "-e", "0"]),
  // Its own session's transcript every run, every session's every 10 s (the default rescan_seconds): a run of
  // this series takes ~0.1 s, so about one in a hundred lists everything, as for a line Claude Code runs often.
  series("vextrus statusline", ["--import", fakeNow, cli, "statusline"], input),
  series("  rescan_seconds 0", ["--import", fakeNow, cli, "statusline"], payload(cwdAll), cwdAll),
];
const baseline = rows[1].p50;
for (const r of rows)
  console.log(
    `${r.label.padEnd(30)} p50 ${r.p50.toFixed(1).padStart(7)} ms  min ${r.min.toFixed(1).padStart(7)}  max ${r.max.toFixed(1).padStart(7)}  ${(r.p50 / baseline).toFixed(2)}×`,
  );
console.log(
  `corpus ${SIZE} MB, ${manifest.expected.totals.requests} requests; goal: statusline p50 ≤ 2× node -e 0`,
);
