// `vextrus sync` and `vextrus cost … --team` against a real PostgreSQL (scripts/test-postgres; CI always has one).
import { createHash } from "node:crypto";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const pgUrl = process.env.VEXTRUS_TEST_PG_URL;
if (!pgUrl && process.env.CI)
  throw new Error("CI: no PostgreSQL (VEXTRUS_TEST_PG_URL is set by scripts/test-postgres)");

const here = dirname(fileURLToPath(import.meta.url));
const sample = join(here, "..", "..", "..", "packages", "cost", "test", "fixtures", "sample");

async function freshDatabase(): Promise<{ url: URL; name: string }> {
  const name = `vextrus_cli_${Math.random().toString(16).slice(2, 10)}`;
  const sql = postgres(pgUrl ?? "", { max: 1, onnotice: () => {} });
  await sql.unsafe(`CREATE DATABASE ${name}`);
  await sql.end();
  const url = new URL(pgUrl ?? "");
  url.pathname = `/${name}`;
  return { url, name };
}

/** A project whose settings name the ledger (without its password), with the sample transcripts. */
function project(ledger: URL, team: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "vx-team-"));
  mkdirSync(join(dir, ".claude"));
  const url = new URL(ledger);
  url.password = "";
  const settings = {
    optimization: { team: { ledger_url: url.toString(), user: "ana", machine: "laptop", ...team } },
  };
  writeFileSync(join(dir, ".claude", "settings.json"), JSON.stringify(settings));
  return dir;
}

function env(extra: Record<string, string> = {}): Record<string, string> {
  return { CLAUDE_CONFIG_DIR: sample, PGPASSWORD: new URL(pgUrl ?? "").password, ...extra };
}

/** A hash of every file of the user's state folder (the local ledger and its WAL). */
function stateHash(cwd: string): string {
  const hash = createHash("sha256");
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else hash.update(entry.name).update(readFileSync(path));
    }
  };
  walk(join(cwd, "home"));
  return hash.digest("hex");
}

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 1));
    });
  });
}

describe.skipIf(!pgUrl)("vextrus sync", () => {
  it("pushes this machine's requests once, and a second run sends nothing", async () => {
    const { url } = await freshDatabase();
    const cwd = project(url);
    const first = await runCli(["sync"], { cwd, env: env() });
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /^Sent \d+ request\(s\) to postgres:\/\/vextrus@127\.0\.0\.1:\d+\/vextrus_cli_\w+ as ana on laptop/,
    );
    const again = await runCli(["sync", "--json"], { cwd, env: env() });
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ sent: 0, changed: 0, user: "ana", machine: "laptop" });
  });

  it("fails in one line, exit 1, password never shown, local ledger untouched: wrong password", async () => {
    const { url } = await freshDatabase();
    const cwd = project(url);
    await runCli(["cost", "daily"], { cwd, env: env() });
    const before = stateHash(cwd);
    const r = await runCli(["sync"], { cwd, env: env({ PGPASSWORD: "wrong-secret" }) });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^vextrus: team ledger postgres:\/\/vextrus@.*password authentication failed/);
    expect(r.stderr).not.toContain("wrong-secret");
    expect(stateHash(cwd)).toBe(before);
  });

  it("fails in one line, exit 1: unreachable server (VEXTRUS_LEDGER with a password wins over the setting)", async () => {
    const { url } = await freshDatabase();
    const cwd = project(url);
    await runCli(["cost", "daily"], { cwd, env: env() });
    const before = stateHash(cwd);
    const port = await closedPort();
    const r = await runCli(["sync"], {
      cwd,
      env: env({ VEXTRUS_LEDGER: `postgres://vextrus:s3cret@127.0.0.1:${port}/vextrus` }),
    });
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("no server answered (ECONNREFUSED)");
    expect(r.stderr).not.toContain("s3cret");
    expect(stateHash(cwd)).toBe(before);
  });

  it("fails in one line, exit 1: a read-only role", async () => {
    const { url, name } = await freshDatabase();
    const owner = await runCli(["sync"], { cwd: project(url, { machine: "server" }), env: env() });
    expect(owner.code).toBe(0);
    const role = `ro_${name.slice(-8)}`;
    const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
    await sql.unsafe(
      `CREATE ROLE ${role} LOGIN PASSWORD 'ro'; GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${role}`,
    );
    await sql.end();
    const readOnly = new URL(url);
    readOnly.username = role;
    const cwd = project(readOnly);
    // A request the server has not seen, so the sync has something to write.
    const r = await runCli(["sync"], { cwd, env: env({ PGPASSWORD: "ro" }) });
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/this role may not do that \(permission denied for table vextrus_\w+\)/);
  });

  it("refuses a password in the settings file, naming the field", async () => {
    const { url } = await freshDatabase();
    const cwd = project(url);
    writeFileSync(
      join(cwd, ".claude", "settings.json"),
      JSON.stringify({
        optimization: { team: { ledger_url: "postgres://ana:s3cret-in-settings@db.example/v" } },
      }),
    );
    const r = await runCli(["sync"], { cwd, env: env() });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^vextrus: optimization\.team\.ledger_url: holds a password/);
    expect(r.stderr).not.toContain("s3cret-in-settings");
  });

  it("takes the password from ~/.pgpass, and ignores one others may read, as libpq does", async () => {
    const { url } = await freshDatabase();
    const cwd = project(url);
    mkdirSync(join(cwd, "home"), { recursive: true });
    const pgpass = join(cwd, "home", ".pgpass");
    writeFileSync(pgpass, `127.0.0.1:${url.port}:*:vextrus:${url.password}\n`, { mode: 0o644 });
    chmodSync(pgpass, 0o644);
    const open = await runCli(["sync"], { cwd, env: { CLAUDE_CONFIG_DIR: sample } });
    expect(open.code).toBe(1);
    expect(open.stderr).toContain(`warning: ${pgpass} may be read by others, so it is ignored`);
    chmodSync(pgpass, 0o600);
    const ok = await runCli(["sync"], { cwd, env: { CLAUDE_CONFIG_DIR: sample } });
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
  });

  it("says how to name a ledger when there is none", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "vx-team-"));
    mkdirSync(join(cwd, ".claude"));
    const r = await runCli(["sync"], { cwd, env: env() });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("no team ledger: set optimization.team.ledger_url");
  });
});

describe.skipIf(!pgUrl)("vextrus cost --team", () => {
  /** Two machines: the laptop has one project's transcripts, the server all of them (the shop session copied). */
  async function twoMachines() {
    const { url } = await freshDatabase();
    const partial = mkdtempSync(join(tmpdir(), "vx-team-claude-"));
    cpSync(sample, partial, { recursive: true });
    rmSync(join(partial, "projects", "-home-dev-api"), { recursive: true });
    const laptop = project(url, { machine: "laptop" });
    const server = project(url, { machine: "server", user: "ben" });
    expect((await runCli(["sync"], { cwd: laptop, env: env({ CLAUDE_CONFIG_DIR: partial }) })).code).toBe(0);
    expect((await runCli(["sync"], { cwd: server, env: env() })).code).toBe(0);
    return { laptop, server, partial, url };
  }

  it("gives the totals of a local report over the union of both machines' transcripts, per day and per model", async () => {
    const { laptop, url } = await twoMachines();
    for (const report of ["daily", "monthly", "weekly", "models", "session", "project", "agents"]) {
      const team = await runCli(["cost", report, "--team", "--json", "--timezone", "UTC"], {
        cwd: laptop,
        env: env(),
      });
      expect(team.stderr).toBe("");
      const local = await runCli(["cost", report, "--json", "--timezone", "UTC"], {
        cwd: laptop,
        env: env(),
      });
      const t = JSON.parse(team.stdout).totals;
      const l = JSON.parse(local.stdout).totals;
      expect({
        report,
        cost: t.costPico,
        input: t.inputTokens,
        output: t.outputTokens,
        read: t.cacheReadTokens,
      }).toEqual({
        report,
        cost: l.costPico,
        input: l.inputTokens,
        output: l.outputTokens,
        read: l.cacheReadTokens,
      });
    }
    // cost agents --team also sums every machine's subagent runs by type in SQL.
    const agents = JSON.parse(
      (await runCli(["cost", "agents", "--team", "--json"], { cwd: laptop, env: env() })).stdout,
    );
    const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
    const [pushed] =
      await sql`SELECT count(*)::int AS runs, coalesce(sum(cost_pico), 0)::text AS cost FROM vextrus_agent_runs`;
    await sql.end();
    expect(pushed?.runs).toBeGreaterThan(0);
    expect(agents.runs.reduce((n: number, r: { runs: number }) => n + r.runs, 0)).toBe(pushed?.runs);
    expect(
      agents.runs.reduce((n: bigint, r: { costPico: string }) => n + BigInt(r.costPico), 0n).toString(),
    ).toBe(pushed?.cost);
    const table = await runCli(["cost", "agents", "--team"], { cwd: laptop, env: env() });
    expect(table.stdout).toMatch(/Subagent runs by type/);
  });

  it("filters by user and machine and breaks each group down by member", async () => {
    const { laptop } = await twoMachines();
    const all = JSON.parse(
      (await runCli(["cost", "monthly", "--team", "--json", "--breakdown"], { cwd: laptop, env: env() }))
        .stdout,
    );
    const members = new Set(all.rows.map((r: { user: string; machine: string }) => `${r.user}@${r.machine}`));
    expect(members).toEqual(new Set(["ana@laptop", "ben@server"]));
    const ben = JSON.parse(
      (await runCli(["cost", "monthly", "--team", "--json", "--user", "ben"], { cwd: laptop, env: env() }))
        .stdout,
    );
    const server = JSON.parse(
      (
        await runCli(["cost", "monthly", "--team", "--json", "--machine", "server"], {
          cwd: laptop,
          env: env(),
        })
      ).stdout,
    );
    expect(ben.totals).toEqual(server.totals);
    const sum = all.rows.reduce((n: bigint, r: { costPico: string }) => n + BigInt(r.costPico), 0n);
    expect(sum.toString()).toBe(all.totals.costPico);
    expect(BigInt(ben.totals.costPico)).toBeLessThan(BigInt(all.totals.costPico));
    const table = await runCli(["cost", "daily", "--team", "--breakdown", "--timezone", "UTC"], {
      cwd: laptop,
      env: env(),
    });
    expect(table.stdout).toMatch(/Team cost by day/);
    expect(table.stdout).toMatch(/ben@server/);
  });

  it("dashboard --team and report --team take the cost from every machine and say what is team-wide", async () => {
    const { laptop, partial, url } = await twoMachines();
    const window = ["--since", "20200101", "--until", "20261121", "--timezone", "UTC"];
    // Savings another machine pushed (its project's metrics): team-wide in the dashboard, local without --team.
    const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
    await sql`INSERT INTO vextrus_savings (id, user_name, machine, project, kind, agent_type, session_id, ts, saved_pico, saved_ms)
      VALUES ('toolu_1', 'ben', 'server', '-home-dev-api', 'cache', 'Explore', 's1', '2026-11-20T10:00:00Z', 2500000000000, 60000),
             ('toolu_2', 'ben', 'server', '-home-dev-api', 'routing', 'Plan', 's1', '2026-11-20T11:00:00Z', 500000000000, 0)`;
    await sql.end();
    const dash = async (claudeDir: string, team: boolean) => {
      const r = await runCli(["dashboard", ...window, "--json", ...(team ? ["--team"] : [])], {
        cwd: laptop,
        env: env({ CLAUDE_CONFIG_DIR: claudeDir }),
      });
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout);
    };
    // The laptop sees one project's transcripts; the team ledger holds both machines'.
    const laptopOnly = await dash(partial, false);
    const team = await dash(partial, true);
    const union = await dash(sample, false);
    expect(team.cost.totalUsd).toBe(union.cost.totalUsd);
    expect(team.cost.models).toEqual(union.cost.models);
    expect(team.cost.dailyUsd).toEqual(union.cost.dailyUsd);
    expect(laptopOnly.cost.totalUsd).toBeLessThan(team.cost.totalUsd);
    expect(team.team).toMatchObject({
      ledger: expect.stringMatching(/^postgres:\/\/vextrus@127\.0\.0\.1:\d+\/vextrus_cli_\w+$/),
      teamWide: expect.arrayContaining(["cost by day", "cost by model", "agent runs", "savings"]),
      local: expect.arrayContaining(["agent trends and success buckets"]),
    });
    // The Agents part: every machine's subagent runs, summed by the server, those of the synced transcripts and
    // one run only another machine knows (one that ended in an error).
    const runsOf = (d: { agents: { invocations: number }[] }) =>
      d.agents.reduce((n, a) => n + a.invocations, 0);
    expect(runsOf(team)).toBe(runsOf(union));
    const sqlRuns = postgres(url.toString(), { max: 1, onnotice: () => {} });
    await sqlRuns`INSERT INTO vextrus_agent_runs (id, user_name, machine, session_id, project, agent_type, model, started, ended, status, background, requests, cost_pico, unpriced)
      VALUES ('toolu_elsewhere', 'ben', 'server', 's9', '-home-dev-web', 'security-auditor', 'claude-opus-4-5', '2026-11-20T09:00:00Z', '2026-11-20T09:02:00Z', 'error', false, 3, 1200000000000, false)`;
    const [pushed] = await sqlRuns`SELECT count(*)::int AS runs FROM vextrus_agent_runs`;
    await sqlRuns.end();
    const teamNow = await dash(partial, true);
    expect(runsOf(teamNow)).toBe(pushed?.runs);
    expect(runsOf(teamNow)).toBe(runsOf(union) + 1);
    expect(teamNow.agents.find((a: { agent: string }) => a.agent === "security-auditor")).toEqual({
      agent: "security-auditor",
      invocations: 1,
      successRate: 0,
      avgDurationMs: 120_000,
      costUsd: 1.2,
    });
    expect(team.team.local).not.toContain("savings");
    expect(team.savings).toMatchObject({
      totalPico: "3000000000000",
      cache: { runs: 1, savedMs: 60000 },
      routing: { runs: 1 },
    });
    expect(union.savings.totalPico).toBe("0");
    expect(team.notes[0]).toMatch(/^Team-wide \(every machine that synced to postgres:\/\/vextrus@/);
    expect(union.team).toBeUndefined();

    const text = await runCli(["dashboard", ...window, "--team"], {
      cwd: laptop,
      env: env({ CLAUDE_CONFIG_DIR: partial }),
    });
    expect(text.stdout).toMatch(/Cost — team-wide \(postgres:\/\/vextrus@/);
    expect(text.stdout).toMatch(/Agents — team-wide\n {2}\S+ +\d+ runs/);
    const md = await runCli(["report", "monthly", "--month", "2026-11", "--timezone", "UTC", "--team"], {
      cwd: laptop,
      env: env({ CLAUDE_CONFIG_DIR: partial }),
    });
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^# Vextrus monthly team report/);
    expect(md.stdout).toMatch(
      /\*\*Scope:\*\* Team-wide .*Local to this project on this machine: agent trends/,
    );
  });

  it("a team budget with the personal budget's alerts, and who spent it", async () => {
    const { url } = await freshDatabase();
    const cwd = project(url, { monthly_budget_usd: 0.1 });
    expect((await runCli(["sync"], { cwd, env: env() })).code).toBe(0);
    const r = await runCli(["cost", "budget", "--team", "--json", "--timezone", "UTC"], {
      cwd,
      env: env(),
      now: "2026-11-21T12:00:00.000Z",
    });
    expect(r.stderr).toBe("");
    const json = JSON.parse(r.stdout);
    expect(json.month).toBe("2026-11");
    expect(json.alerts.map((a: { code: string }) => a.code)).toContain("BUDGET_EXCEEDED");
    expect(json.byMember[0]).toMatchObject({ user: "ana", machine: "laptop" });
    const none = await runCli(["cost", "budget", "--team"], { cwd: project(url), env: env() });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("optimization.team.monthly_budget_usd");
  });
});
