// The SessionEnd push to the team ledger, against a real PostgreSQL (scripts/test-postgres; CI always has one).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { STATE_FILES } from "@vextrus/config";
import { claudeProjectFolderName } from "@vextrus/cost";
import { openSqliteSavingsStore } from "@vextrus/metrics/node";
import postgres from "postgres";
import { beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, assistantLine, runHookProcess, type Sandbox, sandbox } from "./harness.js";

const pgUrl = process.env.VEXTRUS_TEST_PG_URL;
if (!pgUrl && process.env.CI)
  throw new Error("CI: no PostgreSQL (VEXTRUS_TEST_PG_URL is set by scripts/test-postgres)");

// Generous: the push is another process on a machine that may be running several test suites.
const LANDS_WITHIN_MS = 90_000;

async function freshDatabase(): Promise<URL> {
  const name = `vextrus_hooks_${Math.random().toString(16).slice(2, 10)}`;
  const sql = postgres(pgUrl ?? "", { max: 1, onnotice: () => {} });
  await sql.unsafe(`CREATE DATABASE ${name}`);
  await sql.end();
  const url = new URL(pgUrl ?? "");
  url.pathname = `/${name}`;
  return url;
}

/** Polls until `check` gives a value that is not undefined; fails the test after LANDS_WITHIN_MS. */
async function eventually<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  const until = Date.now() + LANDS_WITHIN_MS;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`${what}: not within ${LANDS_WITHIN_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const requestKeys = async (sql: postgres.Sql): Promise<string[] | undefined> => {
  const [row] = await sql`SELECT to_regclass('vextrus_requests')::text AS table`;
  if (!row?.table) return undefined;
  return (await sql`SELECT key, user_name, machine FROM vextrus_requests ORDER BY key`).map(
    (r) => `${r.key} ${r.user_name} ${r.machine}`,
  );
};

function project(ledger: URL): Sandbox {
  const s = sandbox({ env: { VEXTRUS_LEDGER: ledger.toString() } });
  s.settings({ team: { sync_on: "session_end", user: "ana", machine: "laptop" } });
  return s;
}

const sessionEnd = (s: Sandbox) =>
  runHookProcess("SessionEnd", JSON.stringify(s.payload("SessionEnd", { reason: "prompt_input_exit" })), {
    env: s.env,
    cwd: s.root,
  });

describe.skipIf(!pgUrl)("SessionEnd: the push to the team ledger", () => {
  beforeAll(assertBuilt);

  it("returns while the push still waits on the server, and the push lands afterwards", async () => {
    const url = await freshDatabase();
    const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
    try {
      const s = project(url);
      s.appendTranscript(
        assistantLine({ sessionId: s.sessionId, cwd: s.root, id: "m1" }),
        assistantLine({ sessionId: s.sessionId, cwd: s.root, id: "m2" }),
      );
      // A cache hit this project's hooks recorded: the push sends it with the project's folder name.
      const savings = openSqliteSavingsStore(join(s.state, STATE_FILES.metrics));
      savings.addSavings([
        {
          id: "toolu_hit",
          kind: "cache",
          agentType: "Explore",
          sessionId: s.sessionId,
          timestamp: "2026-11-20T10:00:00.000Z",
          savedPico: 1_250_000_000n,
          savedMs: 30_000,
        },
      ]);
      savings.close();
      // The push creates the schema under this lock first: held here, the push cannot get past it.
      await sql`SELECT pg_advisory_lock(hashtext('vextrus_schema'))`;
      expect(await sessionEnd(s)).toEqual({ code: 0, signal: null, stdout: "", stderr: "" });
      // The hook has exited; the push it started is connected and waiting for the lock.
      await eventually("the push waiting on the schema lock", async () => {
        const [row] =
          await sql`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`;
        return row?.n === 1 ? row.n : undefined;
      });
      expect(await requestKeys(sql)).toBeUndefined();
      await sql`SELECT pg_advisory_unlock(hashtext('vextrus_schema'))`;
      expect(
        await eventually("the pushed requests", async () => {
          const keys = await requestKeys(sql);
          return keys?.length === 2 ? keys : undefined;
        }),
      ).toEqual(["msg_m1:req_m1 ana laptop", "msg_m2:req_m2 ana laptop"]);
      // The savings go in the same push, after the requests.
      const saved = await eventually("the pushed saving", async () => {
        const rows = await sql`SELECT id, project, saved_pico::text AS pico FROM vextrus_savings`;
        return rows.length > 0 ? rows.map((r) => [r.id, r.project, r.pico]) : undefined;
      });
      expect(saved).toEqual([["toolu_hit", claudeProjectFolderName(s.root), "1250000000"]]);
    } finally {
      await sql.end();
    }
  });

  it("a push that fails leaves the hook's exit 0, is logged, and its requests go with the next push", async () => {
    const url = await freshDatabase();
    const wrong = new URL(url);
    wrong.password = "not-the-password";
    const s = project(wrong);
    s.appendTranscript(assistantLine({ sessionId: s.sessionId, cwd: s.root, id: "m1" }));
    expect(await sessionEnd(s)).toEqual({ code: 0, signal: null, stdout: "", stderr: "" });
    const log = join(s.state, "hooks.log");
    const logged = await eventually("the failed push in hooks.log", async () =>
      existsSync(log) && readFileSync(log, "utf8").includes("SessionEnd team push")
        ? readFileSync(log, "utf8")
        : undefined,
    );
    expect(logged).toMatch(/password|auth/i);
    expect(logged).not.toContain("not-the-password");

    // The next session's end, with the right password, sends both sessions' requests.
    s.env.VEXTRUS_LEDGER = url.toString();
    s.appendTranscript(assistantLine({ sessionId: s.sessionId, cwd: s.root, id: "m2" }));
    expect(await sessionEnd(s)).toEqual({ code: 0, signal: null, stdout: "", stderr: "" });
    const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
    try {
      expect(
        await eventually("the pushed requests", async () => {
          const keys = await requestKeys(sql);
          return keys?.length === 2 ? keys : undefined;
        }),
      ).toEqual(["msg_m1:req_m1 ana laptop", "msg_m2:req_m2 ana laptop"]);
    } finally {
      await sql.end();
    }
  });
});
