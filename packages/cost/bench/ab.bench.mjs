// Two builds of the CLI against each other, run in turn (A B, B A, A B ...) on one corpus, so a loaded machine slows
// both sides of each pair alike and neither always runs second: the figure to read is the median of the per-pair
// ratios B/A (the ratio of the medians is printed beside it). For a change whose gain is smaller than the noise of
// ingest.bench.mjs's ratios to ccusage.
// Usage (from packages/cost): node bench/ab.bench.mjs --a <copy of apps/cli> --b <copy of apps/cli>
//   [--mode cold|no-store|warm|idle] [--pairs N] [--size-mb N] [--shape tool-results|requests] [--dir PATH]
//   [--append-mb N]  (warm: how much is appended before each run, over 4 sessions; default 1)
// A copy of apps/cli is its bin/, dist/ and package.json (cp -r apps/cli/{bin,dist,package.json} /tmp/cli-a).
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { appendToCorpus, checkShape, generateCorpus, readManifest, resetCorpus } from "./corpus.mjs";

const { values: opts } = parseArgs({
  options: {
    a: { type: "string" },
    b: { type: "string" },
    mode: { type: "string", default: "cold" },
    pairs: { type: "string", default: "5" },
    "size-mb": { type: "string", default: "200" },
    shape: { type: "string", default: "tool-results" },
    dir: { type: "string" },
    "append-mb": { type: "string", default: "1" },
  },
});
const modes = ["cold", "no-store", "warm", "idle"];
if (!opts.a || !opts.b) throw new Error("--a and --b name the two copies of apps/cli to compare");
if (!modes.includes(opts.mode)) throw new Error(`--mode must be one of ${modes.join(", ")}`);
const pairs = Number(opts.pairs);
const sizeMb = Number(opts["size-mb"]);
const appendMb = Number(opts["append-mb"]);
if (!(pairs >= 1) || !(sizeMb > 0) || !(appendMb > 0))
  throw new Error("--pairs, --size-mb and --append-mb must be positive numbers");
const shape = checkShape(opts.shape);
const clis = [resolve(opts.a), resolve(opts.b)];
for (const cli of clis) {
  if (!existsSync(join(cli, "bin/vextrus.js"))) throw new Error(`no bin/vextrus.js in ${cli}`);
}
const TIME = "/usr/bin/time";
if (!existsSync(TIME))
  throw new Error("needs GNU time at /usr/bin/time (CPU seconds and peak RSS of the child)");
const log = (msg) => process.stderr.write(`${msg}\n`);

const scratch = mkdtempSync(join(tmpdir(), "vextrus-ab-"));
const corpus = opts.dir ? resolve(opts.dir) : join(scratch, "claude");
const home = join(scratch, "home");
mkdirSync(home, { recursive: true });
let manifest = readManifest(corpus, { sizeMb, shape });
if (manifest) resetCorpus(corpus, manifest);
else {
  log(`generating ${sizeMb} MB ${shape} corpus in ${corpus}`);
  rmSync(join(corpus, "projects"), { recursive: true, force: true });
  manifest = generateCorpus({ dir: corpus, sizeMb, shape });
}
const env = { PATH: process.env.PATH, HOME: home, TZ: "UTC", NO_COLOR: "1", CLAUDE_CONFIG_DIR: corpus };

/** One run of `vextrus cost daily --json` with its own state folder: wall and CPU seconds, peak RSS, totals. */
function run(cli, state) {
  const args = [
    process.execPath,
    join(cli, "bin/vextrus.js"),
    "cost",
    "daily",
    "--json",
    "--timezone",
    "UTC",
  ];
  if (opts.mode === "no-store") args.push("--no-store");
  const start = process.hrtime.bigint();
  const r = spawnSync(TIME, ["-f", "%U %S %M", ...args], {
    cwd: home,
    env: { ...env, VEXTRUS_STATE_DIR: state, VEXTRUS_USER_STATE_DIR: state },
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`${cli} exited ${r.status}: ${r.stderr}`);
  const [user, sys, rssKb] = r.stderr.trim().split("\n").at(-1).split(" ").map(Number);
  return { wall, cpu: user + sys, rssMb: rssKb / 1024, totals: JSON.stringify(JSON.parse(r.stdout).totals) };
}

// Warm and idle runs start from a ledger each build filled once (untimed), copied afresh for every run.
const filled = clis.map((cli, i) => {
  if (opts.mode !== "warm" && opts.mode !== "idle") return null;
  const dir = join(scratch, `filled-${i}`);
  mkdirSync(dir);
  run(cli, dir);
  return dir;
});

const results = clis.map(() => ({ wall: [], cpu: [], rss: [] }));
const totals = new Set();
let n = 0;
log(
  `${opts.mode}: ${pairs} pairs (A B, then B A, in turn), ${(manifest.bytes / 2 ** 20).toFixed(0)} MB corpus`,
);
for (let p = 0; p <= pairs; p++) {
  const order = p % 2 === 0 ? [0, 1] : [1, 0];
  for (const i of order) {
    const cli = clis[i];
    const state = join(scratch, `state-${n++}`);
    if (filled[i]) cpSync(filled[i], state, { recursive: true });
    else mkdirSync(state);
    resetCorpus(corpus, manifest);
    if (opts.mode === "warm") {
      const { bytes } = appendToCorpus({ dir: corpus, manifest, round: 0, bytes: appendMb * 2 ** 20 });
      if (p === 0 && i === 0) log(`warm: ${(bytes / 2 ** 20).toFixed(2)} MB appended before each run`);
    }
    const r = run(cli, state);
    rmSync(state, { recursive: true, force: true });
    totals.add(r.totals);
    if (p === 0) continue; // a warm-up pair
    results[i].wall.push(r.wall);
    results[i].cpu.push(r.cpu);
    results[i].rss.push(r.rssMb);
  }
}
resetCorpus(corpus, manifest);
rmSync(scratch, { recursive: true, force: true });

const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const ratio = (key) => median(results[1][key].map((v, k) => v / results[0][key][k]));
["A", "B"].forEach((name, i) => {
  const r = results[i];
  console.log(
    `${name} ${clis[i]}: wall ${median(r.wall).toFixed(3)} s, cpu ${median(r.cpu).toFixed(3)} s, peak RSS ${Math.max(...r.rss).toFixed(0)} MB`,
  );
});
const ofMedians = (key) => median(results[1][key]) / median(results[0][key]);
console.log(
  `B/A (median of per-pair ratios): wall ${ratio("wall").toFixed(3)}, cpu ${ratio("cpu").toFixed(3)}; ` +
    `ratio of medians: wall ${ofMedians("wall").toFixed(3)}, cpu ${ofMedians("cpu").toFixed(3)}`,
);
if (totals.size !== 1) {
  console.log(`MISMATCH: the two builds reported ${totals.size} different totals`);
  process.exitCode = 1;
} else console.log("MATCH: both builds reported the same totals");
