// The transcript walk alone, in this process: every `.jsonl` under a corpus read into memory once, then scanned
// `--runs` times with events that only count. Isolates the walk from start-up, the file system and the store.
// Usage (from packages/cost; the output must sit where the package's node_modules resolve):
// pnpm exec tsup bench/scan.bench.ts --no-config --format esm --out-dir node_modules/.scan-bench, then
// node node_modules/.scan-bench/scan.bench.js <corpus dir>/projects [runs]
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { TranscriptEvents } from "../src/records.js";
import { scanTranscript } from "../src/transcript.js";

const dir = process.argv[2];
const runs = Number(process.argv[3] ?? 5);
if (!dir) throw new Error("usage: scan.bench <corpus dir> [runs]");
const files = readdirSync(dir, { recursive: true, encoding: "utf8" })
  .filter((f) => f.endsWith(".jsonl"))
  .map((f) => readFileSync(join(dir, f)));
const bytes = files.reduce((n, b) => n + b.length, 0);
// Touch every page first: on Linux the first pass over freshly read buffers pays ~0.5 s of page faults per 200 MB,
// which the CLI (one reused 256 KiB read buffer) never pays. The first timed run then shows the walk before the JIT
// has warmed up, as a one-shot CLI run sees it.
let lines = 0;
for (const b of files) for (let p = b.indexOf(10); p !== -1; p = b.indexOf(10, p + 1)) lines++;
const times: number[] = [];
let usage = 0;
for (let run = 0; run < runs; run++) {
  usage = 0;
  // CPU time of this thread's process, less moved than wall time by other work on a shared machine.
  const start = process.cpuUsage();
  for (const buf of files) {
    const events: TranscriptEvents = {
      usage: () => void usage++,
      agentCall: () => {},
      agentLink: () => {},
      agentRun: () => {},
      malformed: () => {},
    };
    scanTranscript(buf, 0, buf.length, { file: "f", project: "p", agentId: null, fileOffset: 0 }, events);
  }
  const used = process.cpuUsage(start);
  times.push((used.user + used.system) / 1000);
}
const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)] as number;
console.log(
  `${(bytes / 2 ** 20).toFixed(0)} MB, ${lines} lines, ${usage} usage lines: median ${median.toFixed(0)} ms CPU ` +
    `(${((bytes / 2 ** 20 / median) * 1000).toFixed(0)} MB/s), runs in order ${times.map((t) => t.toFixed(0)).join(" ")}`,
);
