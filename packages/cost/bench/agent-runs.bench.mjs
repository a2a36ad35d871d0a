// What finding subagent runs adds to the cold ingest (issue 15: backfilling the metrics may add at most 20%).
// Reads the same seeded corpus twice per round, in-process from the built package: once with the run reader on (as
// every ingest does) and once with it off, and a whole cold ingest into a fresh SQLite ledger for scale.
//   node packages/cost/bench/agent-runs.bench.mjs [--size-mb 50] [--runs 3]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { scanTranscript } from "../dist/index.js";
import { createFsTranscriptSource, ingestClaudeTranscripts, openSqliteUsageStore } from "../dist/node.js";
import { generateCorpus } from "./corpus.mjs";

const { values: opts } = parseArgs({
  options: { "size-mb": { type: "string", default: "50" }, runs: { type: "string", default: "3" } },
});
const sizeMb = Number(opts["size-mb"]);
const runs = Number(opts.runs);
const scratch = mkdtempSync(join(tmpdir(), "vx-runs-bench-"));
const dir = join(scratch, "claude");
generateCorpus({ dir, sizeMb });
const projectDirs = [join(dir, "projects")];
const source = createFsTranscriptSource({ projectDirs });
const { transcripts } = source.list();

function scanAll(withRuns) {
  let events = 0;
  for (const file of transcripts) {
    const sink = {
      usage() {},
      agentCall() {},
      agentLink() {},
      malformed() {},
      ...(withRuns && { agentRun: () => void events++ }),
    };
    source.read(file, 0, (buf, start, end, fileOffset) =>
      scanTranscript(
        buf,
        start,
        end,
        { file: file.path, project: file.project, agentId: file.agentId, fileOffset },
        sink,
      ),
    );
  }
  return events;
}

const time = (fn) => {
  const t = process.hrtime.bigint();
  const out = fn();
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, out };
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const off = [];
const on = [];
const cold = [];
let events = 0;
scanAll(true); // warm the page cache and the JIT once
for (let i = 0; i < runs; i++) {
  // Alternate which goes first, so a machine whose speed drifts does not favour one.
  const first = i % 2 === 0;
  if (first) off.push(time(() => scanAll(false)).ms);
  const r = time(() => scanAll(true));
  if (!first) off.push(time(() => scanAll(false)).ms);
  on.push(r.ms);
  events = r.out;
  const ledger = join(mkdtempSync(join(scratch, "ledger-")), "ledger.db");
  const store = openSqliteUsageStore(ledger);
  const t = process.hrtime.bigint();
  await ingestClaudeTranscripts({ projectDirs, store });
  cold.push(Number(process.hrtime.bigint() - t) / 1e6);
  store.close();
}
const extra = median(on) - median(off);
console.log(`corpus ${sizeMb} MB, ${transcripts.length} files, ${events} run events; median of ${runs}`);
console.log(`scan without the run reader  ${median(off).toFixed(0)} ms`);
console.log(`scan with the run reader     ${median(on).toFixed(0)} ms  (+${extra.toFixed(0)} ms)`);
console.log(`cold ingest into SQLite      ${median(cold).toFixed(0)} ms  (runs on)`);
console.log(
  `run reader's share of the cold ingest: ${((extra / (median(cold) - extra)) * 100).toFixed(1)}% (goal <= 20%)`,
);
rmSync(scratch, { recursive: true, force: true });
