// Risk benchmark: assessChangeRisk + recommendGates, in-process, on a generated 10,000-line unified diff across
// 500 files (TS, Python, Go, Java, SQL, Markdown, tests; some dangerous SQL, renames, deletions, a binary).
// Usage: node bench/risk.bench.mjs [--runs N] [--warmup N] [--lines N] [--files N] [--json]
// Run `pnpm --filter @vextrus/risk build` first: this imports the built package, as a user would.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values: opts } = parseArgs({
  options: {
    runs: { type: "string", default: "30" },
    warmup: { type: "string", default: "5" },
    lines: { type: "string", default: "10000" },
    files: { type: "string", default: "500" },
    json: { type: "boolean", default: false },
  },
});
const runs = Number(opts.runs);
const warmup = Number(opts.warmup);
const totalLines = Number(opts.lines);
const fileCount = Number(opts.files);
if (!(runs >= 1) || !(warmup >= 0) || !(fileCount >= 1) || !(totalLines >= fileCount)) {
  throw new Error("--runs and --files must be at least 1, --lines at least --files, --warmup 0 or more");
}

const GOAL_MS = 100;
const dist = join(dirname(fileURLToPath(import.meta.url)), "../dist/index.js");
if (!existsSync(dist)) throw new Error(`missing ${dist}: run \`pnpm --filter @vextrus/risk build\` first`);
const { assessChangeRisk, recommendGates } = await import(dist);

// Per language: where files live and what their added lines look like (some declare functions, some run SQL).
const KINDS = [
  {
    dir: "src/services",
    ext: ".ts",
    lines: (i) => [
      `export function handle${i}(input: Input): Output {`,
      `  const value${i} = await repo.find(input.id);`,
      `export const map${i} = async (x: number): Promise<number> => x * ${i};`,
      "  return { ...value, updatedAt: now };",
    ],
  },
  {
    dir: "app/views",
    ext: ".py",
    lines: (i) => [
      `def view_${i}(request):`,
      "    items = Item.objects.filter(active=True)",
      "    return render(items)",
    ],
  },
  {
    dir: "pkg/store",
    ext: ".go",
    lines: (i) => [
      `func (s *Store) Get${i}(ctx context.Context) error {`,
      "\tif err != nil {",
      "\t\treturn err",
    ],
  },
  {
    dir: "src/main/java/com/acme",
    ext: ".java",
    lines: (i) => [
      `    public Order find${i}(String id) {`,
      "        return repository.findById(id);",
      "    }",
    ],
  },
  {
    dir: "db/schema",
    ext: ".sql",
    lines: (i) => [
      `CREATE OR REPLACE FUNCTION f${i}() RETURNS int AS $$`,
      `ALTER TABLE t${i} ADD COLUMN c int;`,
      "SELECT 1;",
    ],
  },
  { dir: "docs", ext: ".md", lines: (i) => [`## Section ${i}`, "", "Some prose about the change."] },
  {
    dir: "src/__tests__",
    ext: ".test.ts",
    lines: (i) => [`it("case ${i}", () => {`, "  expect(run()).toBe(1);"],
  },
];

/** A `git diff`-shaped text: mostly modifications; of every 50 files one is added, one deleted, one renamed, one binary. */
function generateDiff(files, lines) {
  const out = [];
  let written = 0;
  for (let f = 0; f < files; f++) {
    const kind = KINDS[f % KINDS.length];
    const path = `${kind.dir}/module${f}/file${f}${kind.ext}`;
    if (f % 50 === 45) {
      // Binary files have no lines; the following files share out their budget.
      out.push(`diff --git a/assets/img${f}.png b/assets/img${f}.png`, "index 1111111..2222222 100644");
      out.push(`Binary files a/assets/img${f}.png and b/assets/img${f}.png differ`);
      continue;
    }
    const budget = Math.floor((lines - written) / (files - f));
    const body = [];
    const pool = kind.lines(f);
    for (let i = 0; body.length < budget; i++) {
      const text = pool[i % pool.length];
      // Roughly two additions per removal, like a typical feature diff.
      body.push(i % 3 === 2 ? `-${text} // old ${i}` : `+${text}`);
    }
    if (f === 7) body[0] = "+DROP TABLE legacy_orders;";
    if (f === 14) body[0] = "+await prisma.$executeRawUnsafe(sql);";
    written += body.length;
    const removed = body.filter((l) => l.startsWith("-")).length;
    const added = body.length - removed;
    if (f % 50 === 10) {
      out.push(`diff --git a/${path} b/${path}`, "new file mode 100644", "index 0000000..3333333");
      out.push("--- /dev/null", `+++ b/${path}`, `@@ -0,0 +1,${body.length} @@`);
      out.push(...body.map((l) => `+${l.slice(1)}`));
      continue;
    }
    if (f % 50 === 20) {
      out.push(`diff --git a/${path} b/${path}`, "deleted file mode 100644", "index 4444444..0000000");
      out.push(`--- a/${path}`, "+++ /dev/null", `@@ -1,${body.length} +0,0 @@`);
      out.push(...body.map((l) => `-${l.slice(1)}`));
      continue;
    }
    const oldPath = f % 50 === 30 ? `${kind.dir}/legacy${f}${kind.ext}` : path;
    out.push(`diff --git a/${oldPath} b/${path}`);
    if (oldPath !== path) out.push("similarity index 91%", `rename from ${oldPath}`, `rename to ${path}`);
    out.push("index 5555555..6666666 100644", `--- a/${oldPath}`, `+++ b/${path}`);
    out.push(`@@ -1,${removed} +1,${added} @@ class Module${f}`, ...body);
  }
  return { diff: `${out.join("\n")}\n`, bodyLines: written };
}

const { diff, bodyLines } = generateDiff(fileCount, totalLines);
const bytes = Buffer.byteLength(diff);

function once() {
  const start = process.hrtime.bigint();
  const risk = assessChangeRisk({ diff, flags: { production: true } });
  const gates = recommendGates(risk);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { ms, risk, gates };
}

for (let i = 0; i < warmup; i++) once();
const times = [];
let last;
for (let i = 0; i < runs; i++) {
  last = once();
  times.push(last.ms);
}
times.sort((a, b) => a - b);
const pick = (q) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)];
const result = {
  input: {
    files: last.risk.stats.files,
    changedLines: bodyLines,
    diffLines: diff.split("\n").length - 1,
    bytes,
  },
  answer: {
    score: last.risk.score,
    uncapped: last.risk.uncapped,
    level: last.gates.level,
    reasons: last.risk.reasons,
  },
  runs,
  warmup,
  p50Ms: pick(0.5),
  p95Ms: pick(0.95),
  maxMs: times[times.length - 1],
  goalMs: GOAL_MS,
  node: process.version,
};
result.pass = result.p95Ms < GOAL_MS;

if (opts.json) {
  console.log(JSON.stringify(result, null, 2));
} else {
  const f = (ms) => `${ms.toFixed(2)} ms`;
  console.log(
    `assessChangeRisk + recommendGates on ${result.input.files} files, ${bodyLines} changed lines ` +
      `(${result.input.diffLines} diff lines, ${(bytes / 1024).toFixed(0)} KiB), Node ${process.version}`,
  );
  console.log(
    `answer: score ${result.answer.score} (uncapped ${result.answer.uncapped}), gates ${result.answer.level}`,
  );
  console.log(`  ${result.answer.reasons.map((r) => `${r.rule} +${r.points}`).join(", ")}`);
  console.log(
    `${runs} runs after ${warmup} warm-up: p50 ${f(result.p50Ms)}  p95 ${f(result.p95Ms)}  max ${f(result.maxMs)}`,
  );
  console.log(`goal: p95 < ${GOAL_MS} ms … ${result.pass ? "met" : "NOT met"}`);
}
if (!result.pass) process.exitCode = 1;
