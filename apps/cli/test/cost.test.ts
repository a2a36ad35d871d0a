import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const here = dirname(fileURLToPath(import.meta.url));
const sample = join(here, "..", "..", "..", "packages", "cost", "test", "fixtures", "sample");
const bin = join(here, "..", "bin", "vextrus.js");

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "vx-cli-"));
  mkdirSync(join(dir, ".claude"));
  return dir;
}

/** The CLI in-process, in a fresh project, reading the bundled sample transcripts unless told otherwise. */
const run = (argv: string[], opts: { env?: Record<string, string>; cwd?: string; now?: string } = {}) =>
  runCli(argv, { ...opts, cwd: opts.cwd ?? project(), env: { CLAUDE_CONFIG_DIR: sample, ...opts.env } });

describe("vextrus cost", () => {
  it("prints a daily table with a total row, and notes skipped lines on stderr", async () => {
    const r = await run(["cost", "daily", "--timezone", "UTC"]);
    expect(r.code).toBe(0);
    const rows = r.stdout.split("\n").filter((l) => /^│ (20|Total)/.test(l));
    expect(rows.map((l) => l.split("│")[1]?.trim())).toEqual([
      "2026-11-18",
      "2026-11-19",
      "2026-11-20",
      "2026-11-21",
      "Total",
    ]);
    expect(rows.at(-1)).toMatch(/\$0\.50 │$/);
    expect(r.stderr).toBe("note: skipped 2 malformed transcript line(s)\n");
  });

  it("gives the same figures as JSON, with exact pico-dollar costs", async () => {
    const r = await run(["cost", "daily", "--json", "--timezone", "UTC"]);
    const json = JSON.parse(r.stdout);
    expect(json.rows.map((row: { date: string }) => row.date)).toEqual([
      "2026-11-18",
      "2026-11-19",
      "2026-11-20",
      "2026-11-21",
    ]);
    expect(json.totals).toMatchObject({
      inputTokens: 10691,
      outputTokens: 11514,
      cacheCreationTokens: 37800,
      cacheReadTokens: 114100,
    });
    const sum = json.rows.reduce((s: bigint, row: { costPico: string }) => s + BigInt(row.costPico), 0n);
    expect(BigInt(json.totals.costPico)).toBe(sum);
  });

  it("filters with --since/--until and --project", async () => {
    const r = await run([
      "cost",
      "daily",
      "--json",
      "--timezone",
      "UTC",
      "--since",
      "20261119",
      "--until",
      "20261120",
      "--project",
      "api",
    ]);
    expect(JSON.parse(r.stdout).rows.map((row: { date: string }) => row.date)).toEqual(["2026-11-20"]);
  });

  it("reports monthly, per session (with project) and per agent type", async () => {
    const monthly = JSON.parse((await run(["cost", "monthly", "--json", "--timezone", "UTC"])).stdout);
    expect(monthly.rows.map((r: { month: string }) => r.month)).toEqual(["2026-11"]);
    const sessions = JSON.parse((await run(["cost", "session", "--json"])).stdout);
    expect(
      sessions.rows.map((r: { sessionId: string; project: string }) => [r.sessionId.slice(0, 8), r.project]),
    ).toEqual([
      ["22222222", "-home-dev-api"],
      ["11111111", "-home-dev-shop"],
      ["33333333", "-home-dev-api"],
    ]);
    const agents = JSON.parse((await run(["cost", "agents", "--json"])).stdout);
    expect(agents.rows.map((r: { agent: string }) => r.agent).sort()).toEqual([
      "backend-development",
      "code-reviewer",
      "general-purpose",
      "main",
    ]);
  });

  it("keeps the ledger in the user state folder and reads only new bytes on the next run", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vx-cli-copy-"));
    cpSync(sample, dir, { recursive: true });
    const cwd = project();
    const first = await run(["cost", "--json"], { cwd, env: { CLAUDE_CONFIG_DIR: dir } });
    const file = join(dir, "projects", "-home-dev-api", "33333333-3333-4333-8333-333333333333.jsonl");
    const extra = {
      type: "assistant",
      sessionId: "33333333-3333-4333-8333-333333333333",
      timestamp: "2026-11-21T09:00:00.000Z",
      requestId: "req_new",
      message: {
        id: "msg_new",
        model: "claude-haiku-4-5-20251001",
        usage: { input_tokens: 1_000_000, output_tokens: 0 },
      },
    };
    writeFileSync(file, `${JSON.stringify(extra)}\n`, { flag: "a" });
    const second = await run(["cost", "--json"], { cwd, env: { CLAUDE_CONFIG_DIR: dir } });
    const total = (out: string) => JSON.parse(out).totals;
    expect(total(second.stdout).inputTokens - total(first.stdout).inputTokens).toBe(1_000_000);
    expect(total(second.stdout).totalCost - total(first.stdout).totalCost).toBeCloseTo(1, 9);
    expect(second.stderr).toBe(""); // the malformed lines were counted on the first run, not re-read
    // One ledger per user (here the test's home), none in the project.
    expect(existsSync(join(cwd, "home", ".local", "state", "vextrus", "cost-ledger.db"))).toBe(true);
    expect(existsSync(join(cwd, ".claude", "state"))).toBe(false);
  });

  it("run in a folder that is no project, makes no .claude/state there; the ledger is the user's", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "vx-cli-plain-"));
    const xdg = mkdtempSync(join(tmpdir(), "vx-cli-xdg-"));
    const r = await run(["cost", "--json"], { cwd, env: { XDG_STATE_HOME: xdg } });
    expect(r.code).toBe(0);
    expect(existsSync(join(cwd, ".claude"))).toBe(false);
    expect(existsSync(join(xdg, "vextrus", "cost-ledger.db"))).toBe(true);
    // The same figures from another folder: the ledger is shared, not per folder.
    const elsewhere = await run(["cost", "--json", "--no-store"], {
      cwd: project(),
      env: { XDG_STATE_HOME: xdg },
    });
    expect(JSON.parse(elsewhere.stdout).totals).toEqual(JSON.parse(r.stdout).totals);
  });

  it("says in one line, exit 1, when the user state folder is a file", async () => {
    const xdg = mkdtempSync(join(tmpdir(), "vx-cli-xdg-"));
    writeFileSync(join(xdg, "vextrus"), "not a folder");
    const r = await run(["cost", "--json"], { env: { XDG_STATE_HOME: xdg } });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      `vextrus: state folder ${join(xdg, "vextrus")}: expected a folder, found a file; move the file away or point VEXTRUS_STATE_DIR (or VEXTRUS_USER_STATE_DIR) at a folder\n`,
    );
  });

  it("moves a project ledger left by an older version into the user ledger once, keeping its history", async () => {
    const cwd = project();
    const dir = mkdtempSync(join(tmpdir(), "vx-cli-copy-"));
    cpSync(sample, dir, { recursive: true });
    // The older version ingested the transcripts into <project>/.claude/state/vextrus.db; then they were deleted.
    const old = await run(["cost", "--json"], { cwd, env: { CLAUDE_CONFIG_DIR: dir } });
    const ledger = join(cwd, "home", ".local", "state", "vextrus", "cost-ledger.db");
    mkdirSync(join(cwd, ".claude", "state"));
    renameSync(ledger, join(cwd, ".claude", "state", "vextrus.db"));
    for (const f of readdirSync(dirname(ledger)))
      if (f.startsWith("cost-ledger.db-")) rmSync(join(dirname(ledger), f));
    rmSync(join(dir, "projects"), { recursive: true });
    mkdirSync(join(dir, "projects"));
    const moved = await run(["cost", "--json"], { cwd, env: { CLAUDE_CONFIG_DIR: dir } });
    expect(moved.stderr).toMatch(
      /^note: moved this project's cost history \(\d+ requests\) from .*vextrus\.db into .*cost-ledger\.db\n$/,
    );
    expect(JSON.parse(moved.stdout).totals).toEqual(JSON.parse(old.stdout).totals);
    expect(existsSync(join(cwd, ".claude", "state", "vextrus.db.migrated"))).toBe(true);
    const again = await run(["cost", "--json"], { cwd, env: { CLAUDE_CONFIG_DIR: dir } });
    expect(again.stderr).toBe("");
    expect(JSON.parse(again.stdout).totals).toEqual(JSON.parse(old.stdout).totals);
  });

  it("shows the budget with projection, alerts and where the money went", async () => {
    const cwd = project();
    writeFileSync(
      join(cwd, ".claude", "settings.local.json"),
      JSON.stringify({ optimization: { cost: { monthly_budget_usd: 0.5, alert_threshold_pct: 80 } } }),
    );
    const r = await run(["cost", "budget", "--timezone", "UTC"], { cwd });
    expect(r.stdout).toContain("Budget 2026-11 (UTC)");
    expect(r.stdout).toMatch(/Spent {7}\$0\.50 of \$0\.50 \(99\.\d%\)/);
    expect(r.stdout).toContain("of the monthly budget used");
    const json = JSON.parse((await run(["cost", "budget", "--json", "--timezone", "UTC"], { cwd })).stdout);
    expect(json.alerts.map((a: { code: string }) => a.code)).toEqual(["THRESHOLD_REACHED", "PROJECTED_OVER"]);
    expect(json.byAgent[0]).toMatchObject({ agent: "main" });
  });

  it("names the config field and the fix on bad settings, exit 1", async () => {
    const cwd = project();
    writeFileSync(
      join(cwd, ".claude", "settings.json"),
      JSON.stringify({ optimization: { cost: { monthly_budget_usd: -1 } } }),
    );
    const r = await run(["cost"], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "vextrus: optimization.cost.monthly_budget_usd: expected a positive number, got -1\n",
    );
  });

  it("names the option of a bad date, exit 1", async () => {
    const r = await run(["cost", "daily", "--since", "2026-02-30"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "vextrus: --since: 2026-02-30 is not a date (February 2026 has 28 days); expected YYYYMMDD\n",
    );
  });
});

describe("the vextrus binary", () => {
  const node = process.execPath;
  const spawn = (args: string[], env: Record<string, string>) =>
    spawnSync(node, [bin, ...args], {
      env: { PATH: process.env.PATH ?? "", ...env },
      encoding: "utf8",
      cwd: project(),
    });

  it("says in one line where it looked when there are no transcripts, exit 0", () => {
    const home = mkdtempSync(join(tmpdir(), "vx-home-"));
    const r = spawn(["cost", "daily"], { HOME: home });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^No Claude Code transcripts found \(looked in .*\.claude and .*\.config\/claude\)/,
    );
  });

  it("prints no colour codes with NO_COLOR, and colours when forced", () => {
    const plain = spawn(["cost", "daily"], { CLAUDE_CONFIG_DIR: sample, NO_COLOR: "1", FORCE_COLOR: "1" });
    expect(plain.status).toBe(0);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for ANSI escapes
    expect(plain.stdout).not.toMatch(/\u001b\[/);
    const forced = spawn(["cost", "daily"], { CLAUDE_CONFIG_DIR: sample, FORCE_COLOR: "1" });
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for ANSI escapes
    expect(forced.stdout).toMatch(/\u001b\[/);
  });

  it("answers --help and --version", () => {
    // The version is the package's own, whatever it is bumped to.
    const { version } = JSON.parse(readFileSync(join(here, "..", "package.json"), "utf8")) as {
      version: string;
    };
    expect(spawn(["--version"], {}).stdout.trim()).toBe(version);
    const help = spawn(["cost", "--help"], {});
    expect(help.stdout).toMatch(/daily .*\n.*monthly/s);
    expect(help.stdout).toContain("budget");
  });
});
