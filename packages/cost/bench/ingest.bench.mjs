// Ingest benchmark: `vextrus cost daily` (cold, warm) against `ccusage daily` on one synthetic ~200 MB Claude
// config folder, timing whole processes as a user would run them, and refusing to compare wrong answers.
// Usage: node bench/ingest.bench.mjs [--size-mb N] [--shape tool-results|requests] [--runs N] [--dir PATH]
//   [--cli PATH] [--keep] [--json]
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  appendToCorpus,
  checkShape,
  generateCorpus,
  mergeLedgers,
  readManifest,
  resetCorpus,
} from "./corpus.mjs";

const { values: opts } = parseArgs({
  options: {
    "size-mb": { type: "string", default: "200" },
    shape: { type: "string", default: "tool-results" },
    runs: { type: "string", default: "3" },
    dir: { type: "string" },
    cli: { type: "string" },
    keep: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
  },
});
const sizeMb = Number(opts["size-mb"]);
const runs = Number(opts.runs);
if (!(sizeMb > 0) || !(runs >= 1)) throw new Error("--size-mb and --runs must be positive numbers");
const shape = checkShape(opts.shape);

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../../..");
// --cli: a copy of apps/cli (bin/ and dist/), so a build running in the tree meanwhile cannot change what is timed.
const cliDir = opts.cli ? resolve(opts.cli) : join(repo, "apps/cli");
const vextrus = join(cliDir, "bin/vextrus.js");
const ccusage = join(repo, "packages/cost/node_modules/ccusage/src/cli.js");
for (const [what, file] of [
  ["vextrus CLI build (run `pnpm build`)", join(cliDir, "dist/main.js")],
  ["ccusage (a devDependency of @vextrus/cost)", ccusage],
]) {
  if (!existsSync(file)) throw new Error(`missing ${what}: ${file}`);
}
// The Node running this script runs every child too, whatever `node` is first on PATH.
const node = process.execPath;
const TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : null;
const log = (msg) => process.stderr.write(`${msg}\n`);

const scratch = mkdtempSync(join(tmpdir(), "vextrus-bench-"));
const corpus = opts.dir ? resolve(opts.dir) : join(scratch, "claude");
// Children run from an empty folder so no project `.claude/settings.json` changes their behaviour.
const cwd = join(scratch, "cwd");
const home = join(scratch, "home");
for (const d of [corpus, cwd, home]) mkdirSync(d, { recursive: true });
const env = { PATH: process.env.PATH, HOME: home, TZ: "UTC", NO_COLOR: "1", CLAUDE_CONFIG_DIR: corpus };

let stateCount = 0;
const freshState = () => {
  const dir = join(scratch, `state-${stateCount++}`);
  mkdirSync(dir);
  return dir;
};

/** Runs a command to completion; returns wall seconds, peak RSS (KiB, via GNU time) and stdout. */
function run(args, extraEnv = {}) {
  const rssFile = join(scratch, "rss");
  const argv = TIME ? [TIME, "-f", "%M", "-o", rssFile, ...args] : args;
  const start = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), {
    cwd,
    env: { ...env, ...extraEnv },
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr || r.error}`);
  if (r.stderr.trim()) log(`  stderr of ${args.slice(0, 3).join(" ")}: ${r.stderr.trim()}`);
  const rssKb = TIME ? Number(readFileSync(rssFile, "utf8").trim().split("\n").at(-1)) : null;
  return { seconds, rssKb, stdout: r.stdout };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** One untimed warm-up, then `runs` timed runs; `prepare` runs before each (outside the timing). */
function measure(label, command, prepare = () => ({})) {
  log(`${label}: 1 warm-up + ${runs} runs`);
  let last;
  const times = [];
  const rss = [];
  for (let i = 0; i <= runs; i++) {
    const r = run(...command(prepare(i)));
    if (i > 0) times.push(r.seconds);
    if (i > 0 && r.rssKb !== null) rss.push(r.rssKb);
    last = r;
  }
  return { seconds: median(times), runs: times, rssMb: rss.length ? Math.max(...rss) / 1024 : null, last };
}

/**
 * Like measure, but each run of `command` next to a run of `against` (ccusage unless named): the ratio is taken pair
 * by pair, so a machine whose speed drifts (other work on it) moves both sides of each ratio alike. The order within
 * a pair alternates (`against` first in the warm-up and every other pair), so neither side always runs on what the
 * other left warm or busy. `prepare` runs before each pair, outside the timing.
 */
function paired(label, command, { against = ccusageDaily, name = "ccusage", prepare = () => ({}) } = {}) {
  log(`${label}, each paired with ${name}: 1 warm-up pair + ${runs} pairs`);
  let last;
  let lastCc;
  const times = [];
  const ccTimes = [];
  const ratios = [];
  const rss = [];
  for (let i = 0; i <= runs; i++) {
    const prepared = prepare(i);
    let c;
    let r;
    if (i % 2 === 0) {
      c = run(...against());
      r = run(...command(prepared));
    } else {
      r = run(...command(prepared));
      c = run(...against());
    }
    if (i > 0) {
      times.push(r.seconds);
      ccTimes.push(c.seconds);
      ratios.push(r.seconds / c.seconds);
      if (r.rssKb !== null) rss.push(r.rssKb);
    }
    last = r;
    lastCc = c;
  }
  return {
    seconds: median(times),
    runs: times,
    ccusageSeconds: median(ccTimes),
    ccusageRuns: ccTimes,
    ratio: median(ratios),
    // The other estimate: a machine that is slow in bursts of a few seconds can split a pair, and then the pair's
    // ratio says more about the burst than about the two commands; the medians of each side's runs do not pair.
    ratioOfMedians: median(times) / median(ccTimes),
    rssMb: rss.length ? Math.max(...rss) / 1024 : null,
    last,
    lastCc,
  };
}

const TOKEN_KEYS = ["inputTokens", "outputTokens", "cacheCreationTokens", "cacheReadTokens"];

/** Compares token totals and per-day rows; returns a list of differences (empty when they agree). */
function compare(nameA, a, nameB, b) {
  const diffs = [];
  for (const k of TOKEN_KEYS)
    if (a.totals[k] !== b.totals[k])
      diffs.push(`totals.${k}: ${nameA} ${a.totals[k]} vs ${nameB} ${b.totals[k]}`);
  const days = new Set([...Object.keys(a.days), ...Object.keys(b.days)]);
  for (const day of days)
    for (const k of TOKEN_KEYS)
      if (a.days[day]?.[k] !== b.days[day]?.[k])
        diffs.push(`${day}.${k}: ${nameA} ${a.days[day]?.[k]} vs ${nameB} ${b.days[day]?.[k]}`);
  return diffs;
}

const byDay = (rows) => Object.fromEntries(rows.map((r) => [r.date, r]));
const ours = (stdout) => {
  const j = JSON.parse(stdout);
  return { totals: j.totals, days: byDay(j.rows), cost: j.totals.totalCost };
};
const theirs = (stdout) => {
  const j = JSON.parse(stdout);
  return { totals: j.totals, days: byDay(j.daily), cost: j.totals.totalCost };
};

const checks = [];
function check(label, a, b, nameA, nameB) {
  const diffs = compare(nameA, a, nameB, b);
  checks.push({ label, match: diffs.length === 0, diffs: diffs.slice(0, 10) });
  const show = (t) => TOKEN_KEYS.map((k) => t.totals[k]).join(" / ");
  log(`${diffs.length ? "MISMATCH" : "MATCH"} ${label}\n  ${nameA}: ${show(a)}\n  ${nameB}: ${show(b)}`);
  for (const d of diffs.slice(0, 10)) log(`  ${d}`);
}

const vextrusDaily = (state, ...flags) => [
  [node, vextrus, "cost", "daily", "--json", "--timezone", "UTC", ...flags],
  // The ledger is per user (VEXTRUS_USER_STATE_DIR), project state per project: both in the run's own folder.
  { VEXTRUS_STATE_DIR: state, VEXTRUS_USER_STATE_DIR: state },
];
const ccusageDaily = () => [[node, ccusage, "claude", "daily", "--offline", "--json", "--timezone", "UTC"]];

try {
  const t = process.hrtime.bigint();
  let manifest = opts.dir ? readManifest(corpus, { sizeMb, shape }) : null;
  if (manifest) {
    resetCorpus(corpus, manifest);
    log(`reusing corpus in ${corpus}`);
  } else {
    log(`generating ${sizeMb} MB ${shape} corpus in ${corpus}`);
    rmSync(join(corpus, "projects"), { recursive: true, force: true });
    manifest = generateCorpus({ dir: corpus, sizeMb, shape });
  }
  const genSeconds = Number(process.hrtime.bigint() - t) / 1e9;
  const expected = manifest.expected;

  const node0 = measure("node -e 0", () => [[node, "-e", "0"]]);
  const cc = measure("ccusage daily", ccusageDaily);
  const cold = paired("vextrus cold (empty state)", () => vextrusDaily(freshState()));
  check("vextrus cold vs ccusage", ours(cold.last.stdout), theirs(cc.last.stdout), "vextrus", "ccusage");
  check("vextrus cold vs generator", ours(cold.last.stdout), expected, "vextrus", "expected");
  const noStore = paired("vextrus --no-store", () => vextrusDaily(freshState(), "--no-store"));
  check("vextrus --no-store vs generator", ours(noStore.last.stdout), expected, "vextrus", "expected");

  // Warm runs share one state ingested cold (untimed); each first gets ~1 MB appended, as live sessions write.
  const warmState = freshState();
  run(...vextrusDaily(warmState));
  const nodeE0 = () => [[node, "-e", "0"]];
  const idle = paired("vextrus idle (nothing new)", () => vextrusDaily(warmState), {
    against: nodeE0,
    name: "node -e 0",
  });
  let grown = expected;
  let appended = 0;
  // ccusage reads everything on every run: its run after an append is its whole answer, as a first run is.
  const warm = paired("vextrus warm (+1 MB appended)", () => vextrusDaily(warmState), {
    prepare: (i) => {
      const a = appendToCorpus({ dir: corpus, manifest, round: i });
      grown = mergeLedgers(grown, a.expected);
      appended = a.bytes;
    },
  });
  check("vextrus warm vs generator", ours(warm.last.stdout), grown, "vextrus", "expected");
  const ccAfter = warm.lastCc;
  check("vextrus warm vs ccusage", ours(warm.last.stdout), theirs(ccAfter.stdout), "vextrus", "ccusage");

  const result = {
    corpus: {
      dir: corpus,
      sizeMb: +(manifest.bytes / 2 ** 20).toFixed(1),
      shape,
      files: manifest.files,
      lines: manifest.lines,
      requests: manifest.assistantMessages,
      generateSeconds: +genSeconds.toFixed(2),
      appendedBytes: appended,
    },
    seconds: {
      nodeStartup: node0.seconds,
      cold: cold.seconds,
      coldNoStore: noStore.seconds,
      idle: idle.seconds,
      warm: warm.seconds,
      ccusage: cc.seconds,
    },
    runs: { cold: cold.runs, coldNoStore: noStore.runs, idle: idle.runs, warm: warm.runs, ccusage: cc.runs },
    peakRssMb: { cold: cold.rssMb, coldNoStore: noStore.rssMb, warm: warm.rssMb, ccusage: cc.rssMb },
    // Pair by pair (paired): vextrus's time over ccusage's (node -e 0's for idle) in the run just before it.
    ratios: {
      coldOverCcusage: cold.ratio,
      noStoreOverCcusage: noStore.ratio,
      warmOverCcusage: warm.ratio,
      idleOverNode: idle.ratio,
    },
    // Each side's median over the other's (same pairs): the summary judges a goal by the larger of the two ratios.
    ratiosOfMedians: {
      coldOverCcusage: cold.ratioOfMedians,
      noStoreOverCcusage: noStore.ratioOfMedians,
      warmOverCcusage: warm.ratioOfMedians,
      idleOverNode: idle.ratioOfMedians,
    },
    pairedCcusageSeconds: {
      cold: cold.ccusageSeconds,
      coldNoStore: noStore.ccusageSeconds,
      warm: warm.ccusageSeconds,
    },
    pairedNodeSeconds: { idle: idle.ccusageSeconds },
    costUsd: { vextrus: ours(cold.last.stdout).cost, ccusage: theirs(cc.last.stdout).cost },
    checks,
  };
  if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else process.stdout.write(summary(result));
  process.exitCode = checks.every((c) => c.match) ? 0 : 1;
} finally {
  if (opts.keep) log(`kept ${scratch}${opts.dir ? ` and ${corpus}` : ""}`);
  else rmSync(scratch, { recursive: true, force: true });
}

function summary(r) {
  const s = (x) => `${x.toFixed(3)} s`;
  const mb = (x) => (x === null ? "n/a" : `${x.toFixed(0)} MB`);
  const goal = (ok) => (ok ? "ok" : "MISSED");
  // Both estimates, and a goal is met only when both are within it.
  const worst = (name) => Math.max(r.ratios[name], r.ratiosOfMedians[name]);
  const x = (name) => `${r.ratios[name].toFixed(2)}x (medians ${r.ratiosOfMedians[name].toFixed(2)}x)`;
  const rows = [
    [
      "corpus",
      `${r.corpus.sizeMb} MB (${r.corpus.shape}), ${r.corpus.files} files, ${r.corpus.lines} lines, ${r.corpus.requests} requests`,
    ],
    [
      "vextrus cold",
      `${s(r.seconds.cold)}   peak RSS ${mb(r.peakRssMb.cold)}   ` +
        `${x("coldOverCcusage")} ccusage (goal <= 1.0x, aim 0.8x: ${goal(worst("coldOverCcusage") <= 1)})`,
    ],
    [
      "cold --no-store",
      `${s(r.seconds.coldNoStore)}   peak RSS ${mb(r.peakRssMb.coldNoStore)}   ` +
        `${x("noStoreOverCcusage")} ccusage (goal <= 0.9x: ${goal(worst("noStoreOverCcusage") <= 0.9)})`,
    ],
    [
      "vextrus warm",
      `${s(r.seconds.warm)}   peak RSS ${mb(r.peakRssMb.warm)}   (+${(r.corpus.appendedBytes / 2 ** 20).toFixed(2)} MB)   ` +
        `${x("warmOverCcusage")} ccusage (goal <= 0.25x: ${goal(worst("warmOverCcusage") <= 0.25)})`,
    ],
    ["ccusage", `${s(r.seconds.ccusage)}   peak RSS ${mb(r.peakRssMb.ccusage)}`],
    [
      "peak RSS",
      `${mb(Math.max(r.peakRssMb.cold ?? 0, r.peakRssMb.coldNoStore ?? 0, r.peakRssMb.warm ?? 0))} ` +
        `(goal <= 150 MB: ${goal(Math.max(r.peakRssMb.cold ?? 0, r.peakRssMb.coldNoStore ?? 0) <= 150)})`,
    ],
    [
      "idle (no new bytes)",
      `${s(r.seconds.idle)}   ${x("idleOverNode")} node -e 0 (goal <= 2.5x: ${goal(worst("idleOverNode") <= 2.5)})`,
    ],
    ["node -e 0", s(r.seconds.nodeStartup)],
    ["cost USD", `vextrus ${r.costUsd.vextrus}   ccusage ${r.costUsd.ccusage}`],
    ...r.checks.map((c) => [c.match ? "MATCH" : "MISMATCH", c.label]),
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  return `\n${rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join("\n")}\n(median of ${runs} runs after 1 warm-up; wall clock of whole processes; ratios: the median of per-pair ratios against a ccusage run (idle: node -e 0) next to each, and in brackets the ratio of the two sides' medians; a goal is met when both are)\n`;
}
