// Warm-path benchmark (issue 14): what users run most often. After one cold run fills a ledger, times pairs of
// whole processes, so a machine whose speed drifts moves both sides of each ratio alike:
//   idle: `vextrus cost daily --json` with nothing new to read, against `node -e 0` (goal <= 2.5x);
//   warm: the same after ~1 MB was appended to 4 sessions, against ccusage reading everything (goal <= 0.25x).
// Every warm answer is checked against ccusage's, read in the same pair (ingest.bench.mjs checks the generator's).
// Usage: node bench/warm.bench.mjs [--size-mb N] [--pairs N] [--dir PATH] [--cli PATH] [--json]
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { appendToCorpus, generateCorpus, readManifest, resetCorpus } from "./corpus.mjs";

const { values: opts } = parseArgs({
  options: {
    "size-mb": { type: "string", default: "200" },
    pairs: { type: "string", default: "5" },
    dir: { type: "string" },
    cli: { type: "string" },
    json: { type: "boolean", default: false },
  },
});
const sizeMb = Number(opts["size-mb"]);
const pairs = Number(opts.pairs);
if (!(sizeMb > 0) || !(pairs >= 1)) throw new Error("--size-mb and --pairs must be positive numbers");

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../../..");
const cliDir = opts.cli ? resolve(opts.cli) : join(repo, "apps/cli");
const vextrus = join(cliDir, "bin/vextrus.js");
const ccusage = join(repo, "packages/cost/node_modules/ccusage/src/cli.js");
if (!existsSync(join(cliDir, "dist/main.js"))) throw new Error(`no CLI build in ${cliDir} (run pnpm build)`);
const node = process.execPath;
const log = (msg) => process.stderr.write(`${msg}\n`);

const scratch = mkdtempSync(join(tmpdir(), "vextrus-warm-"));
const corpus = opts.dir ? resolve(opts.dir) : join(scratch, "claude");
const cwd = join(scratch, "cwd");
const home = join(scratch, "home");
for (const d of [corpus, cwd, home]) mkdirSync(d, { recursive: true });
// TZ as most machines have it (a zone, not UTC), and no --timezone: the system zone's path is the one timed.
const env = {
  PATH: process.env.PATH,
  HOME: home,
  TZ: "Europe/Berlin",
  NO_COLOR: "1",
  CLAUDE_CONFIG_DIR: corpus,
};

function run(args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(args[0], args.slice(1), { cwd, env, encoding: "utf8", maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr || r.error}`);
  return { seconds, stdout: r.stdout };
}
const daily = () => run([node, vextrus, "cost", "daily", "--json"]);
const ccDaily = () =>
  run([node, ccusage, "claude", "daily", "--offline", "--json", "--timezone", "Europe/Berlin"]);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const KEYS = ["inputTokens", "outputTokens", "cacheCreationTokens", "cacheReadTokens"];
function check(name, got, want) {
  const bad = KEYS.filter((k) => got[k] !== want[k]);
  if (bad.length > 0) {
    log(`MISMATCH ${name}: ${bad.map((k) => `${k} ${got[k]} vs ${want[k]}`).join(", ")}`);
    process.exit(1);
  }
}

let manifest = readManifest(corpus, { sizeMb });
if (manifest) resetCorpus(corpus, manifest);
else {
  log(`generating ${sizeMb} MB corpus in ${corpus}`);
  manifest = generateCorpus({ dir: corpus, sizeMb });
}
try {
  log("cold run (fills the ledger)");
  const cold = daily();
  log(`  ${cold.seconds.toFixed(2)} s`);
  const idle = [];
  log(`idle, paired with node -e 0: ${pairs} pairs after one warm-up`);
  for (let i = 0; i <= pairs; i++) {
    const n = run([node, "-e", "0"]);
    const v = daily();
    if (i > 0) idle.push({ vextrus: v.seconds, node: n.seconds, ratio: v.seconds / n.seconds });
  }
  const warm = [];
  log(`warm (+1 MB each), paired with ccusage: ${pairs} pairs after one warm-up`);
  for (let i = 0; i <= pairs; i++) {
    appendToCorpus({ dir: corpus, manifest, round: i });
    const c = ccDaily();
    const v = daily();
    const ours = JSON.parse(v.stdout).totals;
    check("vextrus warm vs ccusage", ours, JSON.parse(c.stdout).totals);
    if (i > 0) warm.push({ vextrus: v.seconds, ccusage: c.seconds, ratio: v.seconds / c.seconds });
  }
  const figures = {
    sizeMb,
    pairs,
    idleSeconds: median(idle.map((x) => x.vextrus)),
    nodeSeconds: median(idle.map((x) => x.node)),
    idleRatio: median(idle.map((x) => x.ratio)),
    warmSeconds: median(warm.map((x) => x.vextrus)),
    ccusageSeconds: median(warm.map((x) => x.ccusage)),
    warmRatio: median(warm.map((x) => x.ratio)),
  };
  if (opts.json) process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  else {
    const ok = (v, goal) => (v <= goal ? "ok" : "MISSED");
    console.log(`corpus    ${sizeMb} MB, TZ=Europe/Berlin (system zone, no --timezone)`);
    console.log(
      `idle      ${figures.idleSeconds.toFixed(3)} s, node -e 0 ${figures.nodeSeconds.toFixed(3)} s: ${figures.idleRatio.toFixed(2)}x (goal <= 2.5x: ${ok(figures.idleRatio, 2.5)})`,
    );
    console.log(
      `warm      ${figures.warmSeconds.toFixed(3)} s, ccusage ${figures.ccusageSeconds.toFixed(3)} s: ${figures.warmRatio.toFixed(2)}x (goal <= 0.25x: ${ok(figures.warmRatio, 0.25)}, aim 0.15x)`,
    );
    console.log(
      "(medians of per-pair ratios; wall clock of whole processes; every warm total MATCHES ccusage)",
    );
  }
} finally {
  resetCorpus(corpus, manifest);
  rmSync(scratch, { recursive: true, force: true });
}
