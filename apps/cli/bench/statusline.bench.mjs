// Status-line benchmark: `vextrus statusline` as Claude Code runs it (a whole process, the JSON on stdin) over the
// cost bench corpus (packages/cost/bench/corpus.mjs), against `node -e 0`. Goal (issue 14): p50 ≤ 2× node -e 0.
// Usage: node bench/statusline.bench.mjs [--size-mb N] [--runs N] [--dir PATH] [--cli COPY] [--against COPY]
//   (run `pnpm build` first). --cli times a copy of apps/cli (its bin/, dist/ and package.json) instead of the
//   tree's; --against also times another copy's status line in the same rounds and prints this one's time over it.
import { spawnSync } from "node:child_process";
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values: opts } = parseArgs({
  options: {
    "size-mb": { type: "string", default: "200" },
    runs: { type: "string", default: "21" },
    dir: { type: "string" },
    cli: { type: "string" },
    against: { type: "string" },
  },
});
const SIZE = Number(opts["size-mb"]);
const RUNS = Number(opts.runs);
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const { generateCorpus, readManifest } = await import(join(root, "packages/cost/bench/corpus.mjs"));
const binOf = (copy) => join(resolve(copy), "bin", "vextrus.js");
const cli = opts.cli ? binOf(opts.cli) : join(here, "..", "bin", "vextrus.js");
const other = opts.against ? binOf(opts.against) : undefined;
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
const payload = (dir, costUsd = 1.23) =>
  JSON.stringify({
    session_id: last.sessionId,
    transcript_path: join(corpus, "projects", last.project, `${last.sessionId}.jsonl`),
    cwd: dir,
    model: { id: "claude-sonnet-4-5-20250929", display_name: "Sonnet 4.5" },
    workspace: { current_dir: dir, project_dir: dir },
    version: "2.1.332",
    cost: { total_cost_usd: costUsd },
    rate_limits: { five_hour: { used_percentage: 42 }, seven_day: { used_percentage: 7 } },
  });
const input = payload(cwd);
const env = {
  PATH: process.env.PATH,
  HOME: join(base, "home"),
  CLAUDE_CONFIG_DIR: corpus,
  // No NO_COLOR: Claude Code runs the status line without it (the line is coloured, into a pipe).
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
// As Claude Code runs it: after an assistant message was appended to the session's transcript, with a larger
// cost.total_cost_usd each time. The session's own new bytes are read and written to the ledger in every run.
const transcript = join(corpus, "projects", last.project, `${last.sessionId}.jsonl`);
const transcriptSize = statSync(transcript).size;
const template = readFileSync(transcript, "utf8")
  .split("\n")
  .findLast((line) => line.includes('"type":"assistant"') && line.includes('"output_tokens"'));
let appended = 0;
function afterAMessage() {
  appended++;
  const ts = new Date(Date.parse(last.ts) + appended * 1000).toISOString();
  const line = template
    .replace(/"id":"msg_[^"]*"/, `"id":"msg_bench_${appended}"`)
    .replace(/"requestId":"[^"]*"/, `"requestId":"req_bench_${appended}"`)
    .replace(/"timestamp":"[^"]*"/, `"timestamp":"${ts}"`);
  appendFileSync(transcript, `${line}\n`);
  return payload(cwd, 1.23 + appended / 100);
}

// statusline.cjs since the code cache made after the run; .js in a build from before, to time against.
for (const bin of [cli, other].filter(Boolean))
  if (!["statusline.cjs", "statusline.js"].some((f) => existsSync(join(dirname(bin), "..", "dist", f))))
    throw new Error(`${bin}: run \`pnpm build\` first`);
// The first run reads the whole corpus into the user's ledger; every later one reads only what is new (nothing).
const first = time(["--import", fakeNow, cli, "statusline"], input);
process.stderr.write(`first run (ledger built): ${first.ms.toFixed(0)} ms\n${first.stdout}${first.stderr}`);
// The rows run in turn, round after round (a machine whose speed drifts slows every row alike), each once first
// as a warm-up (page cache, V8 compile cache). In a round, the run after a message comes after the plain run, so the
// plain run never finds new bytes, and before the one with rescan_seconds 0, which then finds none either.
/** The status line's three rows for one build; with --against, each row of one build runs right after the other's. */
const lines = (bin, tag) => [
  // Its own session's transcript every run, every session's every 10 s (the default rescan_seconds).
  { label: `vextrus statusline${tag}`, args: ["--import", fakeNow, bin, "statusline"], stdin: () => input },
  { label: `  after a message${tag}`, args: ["--import", fakeNow, bin, "statusline"], stdin: afterAMessage },
  {
    label: `  rescan_seconds 0${tag}`,
    args: ["--import", fakeNow, bin, "statusline"],
    stdin: () => payload(cwdAll),
    dir: cwdAll,
  },
];
const ours = lines(cli, "");
const theirs = other ? lines(other, " (against)") : [];
const plans = [
  { label: "node -e 0", args: ["-e", "0"] },
  { label: "node --import fake-now -e 0", args: ["--import", fakeNow, "-e", "0"] },
  ...ours.flatMap((plan, i) => (other ? [theirs[i], plan] : [plan])),
];
const times = plans.map(() => []);
try {
  for (let round = -1; round < RUNS; round++)
    plans.forEach((plan, i) => {
      const ms = time(plan.args, plan.stdin?.(), plan.dir).ms;
      if (round >= 0) times[i].push(ms);
    });
} finally {
  // The corpus is shared with the cost bench, which checks its totals: the appended lines go again.
  truncateSync(transcript, transcriptSize);
}
const BASELINE = 1;
for (const [i, plan] of plans.entries()) {
  const ms = times[i];
  // The ratio of each round's run to that round's bare start, then the median of those.
  const ratio = median(ms.map((t, round) => t / times[BASELINE][round]));
  console.log(
    `${plan.label.padEnd(30)} p50 ${median(ms).toFixed(1).padStart(7)} ms  min ${Math.min(...ms)
      .toFixed(1)
      .padStart(7)}  max ${Math.max(...ms)
      .toFixed(1)
      .padStart(7)}  ${ratio.toFixed(2)}×`,
  );
}
// This build's run over the other's just before it, round by round, then the median of those.
for (const [i, plan] of ours.entries()) {
  if (!other) break;
  const a = times[plans.indexOf(theirs[i])];
  const b = times[plans.indexOf(plan)];
  const ratio = median(b.map((t, round) => t / a[round]));
  console.log(`${`B/A ${plan.label.trim()}`.padEnd(30)} ${ratio.toFixed(3)} (this build over --against)`);
}
console.log(
  `corpus ${SIZE} MB, ${manifest.expected.totals.requests} requests; goal: statusline p50 ≤ 2× node -e 0`,
);
