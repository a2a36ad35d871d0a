// vextrus cost weekly / blocks, the flags ccusage users type, and Claude Code's figure next to ours per session.
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { usdToPico } from "@vextrus/cost";
import { openReportedCostStore } from "@vextrus/cost/node";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const here = dirname(fileURLToPath(import.meta.url));
const sample = join(here, "..", "..", "..", "packages", "cost", "test", "fixtures", "sample");
const SESSION_API = "33333333-3333-4333-8333-333333333333";

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "vx-cli-views-"));
  mkdirSync(join(dir, ".claude"));
  return dir;
}

/** The sample's last request is at 2026-11-21T09:01Z; "now" is three hours later, inside its block. */
const run = (argv: string[], opts: { cwd?: string; now?: string } = {}) =>
  runCli(argv, {
    cwd: opts.cwd ?? project(),
    now: opts.now ?? "2026-11-21T12:00:00.000Z",
    env: { CLAUDE_CONFIG_DIR: sample },
  });

const json = async (argv: string[], opts: { cwd?: string; now?: string } = {}) => {
  const r = await run(argv, opts);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
};

describe("vextrus cost weekly", () => {
  it("keys each week by its first day, sunday unless --start-of-week says otherwise, with the daily totals", async () => {
    const daily = await json(["cost", "daily", "-j", "-z", "UTC"]);
    const sunday = await json(["cost", "weekly", "-j", "-z", "UTC"]);
    expect(sunday.rows.map((r: { week: string }) => r.week)).toEqual(["2026-11-15"]);
    expect(sunday.totals).toEqual(daily.totals);
    // Weeks from Thursday: 2026-11-18/19 (Wed, Thu) fall in two weeks.
    const thursday = await json(["cost", "weekly", "--json", "--start-of-week", "thu", "--timezone", "UTC"]);
    expect(thursday.rows.map((r: { week: string }) => r.week)).toEqual(["2026-11-12", "2026-11-19"]);
    const day = (d: string) => daily.rows.find((r: { date: string }) => r.date === d).costPico;
    expect(BigInt(thursday.rows[0].costPico)).toBe(BigInt(day("2026-11-18")));
  });

  it("names --start-of-week and the seven choices on a bad day, exit 1, before reading anything", async () => {
    const r = await run(["cost", "weekly", "--start-of-week", "someday"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'vextrus: --start-of-week: expected a day of the week (sunday, monday, tuesday, wednesday, thursday, friday, saturday), got "someday"\n',
    );
  });
});

describe("vextrus cost blocks", () => {
  it("lists 5-hour blocks from the first request floored to the hour, the gaps between them, and the active one", async () => {
    const out = await json(["cost", "blocks", "--json", "-z", "UTC"]);
    expect(
      out.blocks.map((b: { id: string; isActive: boolean; entries: number }) => [
        b.id,
        b.isActive,
        b.entries,
      ]),
    ).toEqual([
      ["2026-11-18T09:00:00.000Z", false, 5],
      ["gap-2026-11-18T14:01:40.000Z", false, 0],
      ["2026-11-18T23:00:00.000Z", false, 2],
      ["gap-2026-11-19T05:00:30.000Z", false, 0],
      ["2026-11-20T14:00:00.000Z", false, 6],
      ["gap-2026-11-20T19:05:20.000Z", false, 0],
      ["2026-11-21T08:00:00.000Z", true, 5],
    ]);
    // Every request is in exactly one block: the blocks' tokens are the report's.
    const daily = await json(["cost", "daily", "-j", "-z", "UTC"]);
    const sum = out.blocks.reduce((s: bigint, b: { costPico: string }) => s + BigInt(b.costPico), 0n);
    expect(sum).toBe(BigInt(daily.totals.costPico));
    expect(out.blocks.reduce((s: number, b: { totalTokens: number }) => s + b.totalTokens, 0)).toBe(
      daily.totals.totalTokens,
    );
    const active = out.blocks.at(-1);
    expect(active.endTime).toBe("2026-11-21T13:00:00.000Z");
    expect(active.projection.remainingMinutes).toBe(60);
    expect(active.burnRate.costPerHour).toBeGreaterThan(0);
  });

  it("--active shows only the active block with burn rate, projection and a token limit; none after 5 idle hours", async () => {
    const active = await json(["cost", "blocks", "--active", "--json", "--token-limit", "100000"]);
    expect(active.blocks).toHaveLength(1);
    expect(active.blocks[0].tokenLimitStatus).toMatchObject({ limit: 100_000 });
    const text = await run(["cost", "blocks", "-a", "-t", "max", "-z", "UTC"]);
    expect(text.stdout).toContain("Active block since 2026-11-21 08:00 (UTC)");
    expect(text.stdout).toMatch(/Elapsed {5}4h00m, 1h00m left \(ends 2026-11-21 13:00\)/);
    expect(text.stdout).toMatch(/Limit {7}\d+\.\d% of 78,987 tokens \(projected\)/); // the largest finished block
    const later = await run(["cost", "blocks", "--active"], { now: "2026-11-21T15:00:00.000Z" });
    expect(later.stdout).toBe("No active block (no request in the last 5 hours).\n");
  });

  it("--recent keeps the last 3 days, --order desc lists newest first, --since filters by start day", async () => {
    const recent = await json(["cost", "blocks", "--recent", "-j"], { now: "2026-11-22T08:30:00.000Z" });
    expect(recent.blocks.map((b: { id: string }) => b.id)[0]).toBe("2026-11-20T14:00:00.000Z");
    const desc = await json(["cost", "blocks", "--order", "desc", "-j"]);
    expect(desc.blocks[0].id).toBe("2026-11-21T08:00:00.000Z");
    const since = await json(["cost", "blocks", "-s", "20261120", "-z", "UTC", "-j"]);
    expect(since.blocks.map((b: { id: string }) => b.id)).toEqual([
      "2026-11-20T14:00:00.000Z",
      "gap-2026-11-20T19:05:20.000Z",
      "2026-11-21T08:00:00.000Z",
    ]);
  });

  it("names --token-limit on a bad value, exit 1", async () => {
    const r = await run(["cost", "blocks", "--token-limit", "lots"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "vextrus: --token-limit lots: expected a positive whole number of tokens, or max\n",
    );
  });
});

describe("ccusage's flags", () => {
  it("--order desc lists newest first; --compact shows input, output and cost only", async () => {
    const desc = await json(["cost", "daily", "-j", "-z", "UTC", "--order", "desc"]);
    expect(desc.rows.map((r: { date: string }) => r.date)).toEqual([
      "2026-11-21",
      "2026-11-20",
      "2026-11-19",
      "2026-11-18",
    ]);
    const compact = await run(["cost", "monthly", "--compact", "-z", "UTC"]);
    expect(compact.stdout.split("\n")[1]).toMatch(/^│ Month +│ Input │ Output │ +Cost │$/);
    const bad = await run(["cost", "daily", "--order", "up"]);
    expect(bad.stderr).toBe("vextrus: --order up: expected one of asc, desc\n");
  });

  it("daily --instances gives each project its own days, which add up to the total", async () => {
    const out = await json(["cost", "daily", "--instances", "-j", "-z", "UTC"]);
    expect(Object.keys(out.projects)).toEqual(["-home-dev-api", "-home-dev-shop"]);
    const sum = Object.values(out.projects)
      .flat()
      .reduce((s: bigint, r) => s + BigInt((r as { costPico: string }).costPico), 0n);
    expect(sum).toBe(BigInt(out.totals.costPico));
    expect(out.projects["-home-dev-shop"].map((r: { date: string }) => r.date)).toEqual([
      "2026-11-18",
      "2026-11-19",
    ]);
  });

  it("an unknown subcommand lists the valid ones", async () => {
    const r = await run(["cost", "weakly"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^vextrus: cost weakly: unknown command; expected one of daily, weekly, monthly, session, project, models, agents, blocks, budget/,
    );
  });
});

describe("vextrus cost session: Claude Code's figure next to ours", () => {
  it("session --id picks one session by the start of its id and shows each model", async () => {
    const r = await run(["cost", "session", "--id", "3333", "-z", "UTC"]);
    expect(r.stdout).toContain("33333333 -home-dev-api");
    expect(r.stdout).toContain("└ sonnet-4");
    const missing = await run(["cost", "session", "--id", "9999"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^vextrus: --id 9999: no session with that id/m);
  });

  it("shows what Claude Code's status line reported and the difference, where it reported one", async () => {
    const cwd = project();
    const ours = await json(["cost", "session", "-j"], { cwd });
    const row = ours.rows.find((r: { sessionId: string }) => r.sessionId === SESSION_API);
    const ledger = join(cwd, "home", ".local", "state", "vextrus", "cost-ledger.db");
    const store = openReportedCostStore(ledger);
    // Claude Code counted 2 cents more than we did for this session.
    store.record(SESSION_API, BigInt(row.costPico) + usdToPico(0.02), "2026-11-21T09:02:00.000Z");
    store.close();
    const after = await json(["cost", "session", "-j"], { cwd });
    const reconciled = after.rows.find((r: { sessionId: string }) => r.sessionId === SESSION_API);
    expect(reconciled.claudeCode).toMatchObject({ difference: -0.02, agrees: false });
    expect(BigInt(reconciled.claudeCode.reportedCostPico) - BigInt(reconciled.costPico)).toBe(
      usdToPico(0.02),
    );
    expect(after.rows.filter((r: { claudeCode?: unknown }) => r.claudeCode)).toHaveLength(1);
    const table = await run(["cost", "session", "--id", SESSION_API], { cwd });
    expect(table.stdout).toMatch(/Claude Code │ Difference/);
    expect(table.stdout).toMatch(/│ +\$0\.09 │ +-\$0\.02 │/);
  });
});

describe("vextrus dashboard: Claude Code's figures next to ours", () => {
  it("sums the period's sessions Claude Code reported, with how many agree to the cent", async () => {
    const cwd = project();
    const period = ["--since", "20261118", "--until", "20261121", "--timezone", "UTC"];
    const before = await json(["dashboard", "--json", ...period], { cwd });
    expect(before.cost.claudeCode).toBeUndefined();
    const sessions = await json(["cost", "session", "-j"], { cwd });
    const ours = (id: string) =>
      BigInt(sessions.rows.find((r: { sessionId: string }) => r.sessionId.startsWith(id)).costPico);
    const api = sessions.rows.find((r: { sessionId: string }) => r.sessionId === SESSION_API).sessionId;
    const shop = sessions.rows.find((r: { sessionId: string }) => r.sessionId.startsWith("1111")).sessionId;
    const store = openReportedCostStore(join(cwd, "home", ".local", "state", "vextrus", "cost-ledger.db"));
    store.record(api, ours("3333"), "2026-11-21T09:02:00.000Z"); // agrees
    store.record(shop, ours("1111") + usdToPico(0.05), "2026-11-19T10:00:00.000Z");
    store.close();
    const after = await json(["dashboard", "--json", ...period], { cwd });
    expect(after.cost.claudeCode).toMatchObject({ sessions: 2, agreeing: 1, differenceUsd: -0.05 });
    const text = await run(["dashboard", ...period], { cwd });
    expect(text.stdout).toMatch(
      /Claude Code reported 2 sessions: \$[\d.]+, ours \$[\d.]+ \(-\$0\.05\); 1 agree/,
    );
  });
});
