// Many hook processes on one cache file at once, for real: 8 child processes (not workers, not promises), each
// setting its own keys, reading the others', rewriting one large shared key and bumping counters.
//
// How the children load the code: `node test/sqlite/concurrency-child.ts`, by Node's type stripping (on by
// default since Node 23.6; on Node 22 the flag is added below). That works without a build because
// sqlite-backend.ts and sqlite-keyv-store.ts import only node built-ins, keyv and each other, with `.ts`
// specifiers, and use erasable TypeScript only. Importing dist/ instead would need `pnpm build` of the whole
// package first, which the test should not depend on.
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { tempDb, writeRandomBytes } from "../test/sqlite/fixtures.js";
import { HOT_KEY, keyFor, payloadProblem, valueFor } from "../test/sqlite/workload.js";
import { createSqliteBackend } from "./sqlite-backend.js";

const PROCS = 8;
const PER_PROC = 200;
const CHILD = fileURLToPath(new URL("../test/sqlite/concurrency-child.ts", import.meta.url));

interface ChildReport {
  proc: number;
  sets: number;
  reads: number;
  found: number;
  torn: string[];
  errors: string[];
  warnings: string[];
}

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

type Mode = "clean" | "recover";

function start(path: string, proc: number, perProc: number, mode: Mode) {
  const flags = process.features.typescript ? [] : ["--experimental-strip-types"];
  const args = [CHILD, path, String(proc), String(PROCS), String(perProc), mode];
  const child: ChildProcess = spawn(
    process.execPath,
    [...flags, "--disable-warning=ExperimentalWarning", ...args],
    {
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    onReady = resolve;
  });
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    if (stdout.startsWith("ready\n")) onReady();
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const done = new Promise<Finished>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      onReady();
      resolve({ code, stdout, stderr });
    });
  });
  return { child, ready, done };
}

/** Runs the 8 processes together and returns their reports, each checked for torn reads and errors. */
async function runAll(path: string, perProc: number, mode: Mode): Promise<ChildReport[]> {
  const children = Array.from({ length: PROCS }, (_, proc) => start(path, proc, perProc, mode));
  // A barrier: every process has loaded the code before any opens the database.
  await Promise.all(children.map((c) => c.ready));
  for (const { child } of children) child.stdin?.end("go\n");
  const finished = await Promise.all(children.map((c) => c.done));
  const reports = finished.map(({ code, stdout, stderr }, proc) => {
    const line = stdout.trim().split("\n").at(-1) ?? "";
    expect(line.startsWith("{"), `process ${proc} exited ${code} without a report; stderr: ${stderr}`).toBe(
      true,
    );
    const report = JSON.parse(line) as ChildReport;
    expect(report.torn, `process ${proc}`).toEqual([]);
    expect(report.errors, `process ${proc}`).toEqual([]);
    expect(report.sets, `process ${proc}`).toBe(perProc);
    expect(code, `process ${proc}; stderr: ${stderr}`).toBe(0);
    return report;
  });
  // The reads did meet other processes' writes, so the checksum check was exercised.
  expect(reports.reduce((sum, r) => sum + r.found, 0)).toBeGreaterThan(0);
  return reports;
}

/** Every value every process set is there, exactly; the counters are the exact sums. */
async function expectEverythingKept(path: string, perProc: number): Promise<void> {
  const backend = createSqliteBackend({ path, onWarning: (m) => expect.fail(m) });
  try {
    for (let proc = 0; proc < PROCS; proc++) {
      const keys = Array.from({ length: perProc }, (_, j) => keyFor(proc, j));
      const values = await backend.keyv.getMany(keys);
      values.forEach((value, j) => {
        expect(value, keys[j]).toEqual(valueFor(proc, j));
      });
    }
    expect(payloadProblem(await backend.keyv.get(HOT_KEY))).toBeNull();
    expect(await backend.entries()).toBe(PROCS * perProc + 1);

    const expected: Record<string, number> = {
      sets: PROCS * perProc,
      gets: PROCS * perProc,
      hot: PROCS * Math.ceil(perProc / 10),
    };
    for (let proc = 0; proc < PROCS; proc++) {
      expected[`sets:p${proc}`] = perProc;
      expected[`gets:p${proc}`] = perProc;
    }
    expect(await backend.counters.read()).toEqual(expected);
  } finally {
    await backend.close();
  }
}

/** The moved-aside database files (not their -wal/-shm/-journal). */
const movedAside = (path: string) =>
  readdirSync(dirname(path)).filter((f) => f.includes(".corrupt-") && !/-(wal|shm|journal)$/.test(f));

describe("SQLite backend under 8 concurrent processes", () => {
  it("loses no entry and no increment, and never serves a torn value", { timeout: 120_000 }, async () => {
    const path = tempDb();
    // The file does not exist yet: the processes also race to create it.
    const reports = await runAll(path, PER_PROC, "clean");
    expect(reports.flatMap((r) => r.warnings)).toEqual([]);
    await expectEverythingKept(path, PER_PROC);
    // Creating the file from 8 processes at once must not look like damage to any of them.
    expect(movedAside(path)).toEqual([]);
  });

  it("moves a damaged file aside exactly once when 8 processes find it at once", {
    timeout: 120_000,
  }, async () => {
    const path = tempDb();
    writeRandomBytes(path);
    const original = readFileSync(path);
    const reports = await runAll(path, 30, "recover");
    const warnings = reports.flatMap((r) => r.warnings);
    expect(warnings).toHaveLength(1);
    const moved = movedAside(path);
    expect(moved).toHaveLength(1);
    const target = join(dirname(path), moved[0] ?? "");
    expect(warnings[0]).toContain(`moved aside to ${target} `);
    expect(readFileSync(target)).toEqual(original);
    await expectEverythingKept(path, 30);
  });
});
