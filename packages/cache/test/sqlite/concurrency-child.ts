// One of the processes of sqlite-concurrency.test.ts, run as
// `node concurrency-child.ts <db> <proc> <procs> <n> <clean|recover>` ("recover": the file starts damaged, so a
// warning that it was moved aside is expected and reported, not a failure).
// Node runs this TypeScript file by type stripping, and follows its `.ts` imports into src/sqlite-backend.ts and
// src/sqlite-keyv-store.ts (which import only node built-ins, keyv and each other), so no build is needed.
// Protocol: prints "ready" once loaded, waits for a line on stdin, works, prints one JSON report, and exits 1
// when anything went wrong.
import { createSqliteBackend } from "../../src/sqlite-backend.ts";
import { HOT_KEY, hotValueFor, keyFor, payloadProblem, valueFor } from "./workload.ts";

const [path = "", procArg = "", procsArg = "", perProcArg = "", mode = "clean"] = process.argv.slice(2);
const proc = Number(procArg);
const procs = Number(procsArg);
const perProc = Number(perProcArg);

const report = {
  proc,
  sets: 0,
  reads: 0,
  found: 0,
  torn: [] as string[],
  errors: [] as string[],
  warnings: [] as string[],
};

process.stdout.write("ready\n");
await new Promise((resolve) => process.stdin.once("data", resolve));
process.stdin.pause();

/** A read that must give either nothing or a whole payload; a value that does not parse counts as torn. */
async function check(key: string, get: () => Promise<unknown>, owner?: number, j?: number): Promise<void> {
  let value: unknown;
  try {
    value = await get();
  } catch (error) {
    if (error instanceof SyntaxError) report.torn.push(`${key}: ${error.message}`);
    else report.errors.push(`get ${key}: ${String(error)}`);
    return;
  }
  report.reads++;
  if (value === undefined) return;
  report.found++;
  const problem = payloadProblem(value, owner, j);
  if (problem) report.torn.push(`${key}: ${problem}`);
}

try {
  // Every process opens the file at the same moment: the first ones also race to create it.
  const backend = createSqliteBackend({ path, onWarning: (m) => report.warnings.push(m) });
  const { keyv, counters } = backend;
  keyv.throwOnErrors = true;
  for (let j = 0; j < perProc; j++) {
    try {
      if ((await keyv.set(keyFor(proc, j), valueFor(proc, j))) === true) report.sets++;
      else report.errors.push(`set ${j} returned false`);
      await counters.increment({ sets: 1, [`sets:p${proc}`]: 1 });
      const owner = (proc + 1 + (j % (procs - 1))) % procs;
      const theirs = Math.floor(Math.random() * (j + 1));
      await check(keyFor(owner, theirs), () => keyv.get(keyFor(owner, theirs)), owner, theirs);
      await counters.increment({ gets: 1, [`gets:p${proc}`]: 1 });
      if (j % 10 === 0) {
        await keyv.set(HOT_KEY, hotValueFor(proc, j));
        await check(HOT_KEY, () => keyv.get(HOT_KEY));
        await counters.increment({ hot: 1 });
      }
    } catch (error) {
      report.errors.push(`round ${j}: ${String(error)}`);
    }
  }
  await backend.close();
} catch (error) {
  report.errors.push(`open: ${String(error)}`);
}

process.stdout.write(`${JSON.stringify(report)}\n`);
const unexpected = mode === "recover" ? 0 : report.warnings.length;
process.exitCode = report.torn.length + report.errors.length + unexpected > 0 ? 1 : 0;
