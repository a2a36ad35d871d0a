import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SavingRecord } from "@vextrus/metrics";
import { openSqliteSavingsStore } from "@vextrus/metrics/node";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const NOW = "2026-11-21T12:00:00.000Z";
const USD = 1_000_000_000_000n; // pico-dollars

// New York is UTC-4 until 2026-11-01 02:00 local: each pair straddles a local midnight by half an hour.
const BEFORE_OCT = "2026-10-01T03:30:00.000Z"; // 2026-09-30 23:30 in New York
const FIRST_OCT = "2026-10-01T04:30:00.000Z"; // 2026-10-01 00:30
const LAST_OCT = "2026-11-01T03:30:00.000Z"; // 2026-10-31 23:30
const AFTER_OCT = "2026-11-01T04:30:00.000Z"; // 2026-11-01 00:30

/** A project with savings recorded in its metrics database, and Claude Code transcripts in their own folder. */
function project(savings: SavingRecord[] = [], requests: Array<{ at: string; input: number }> = []) {
  const dir = mkdtempSync(join(tmpdir(), "vx-cli-savings-"));
  const state = join(dir, ".claude", "state");
  mkdirSync(state, { recursive: true });
  if (savings.length > 0) {
    const store = openSqliteSavingsStore(join(state, "metrics.db"));
    store.addSavings(savings);
    store.close();
  }
  const config = join(dir, "claude-config");
  const sessions = join(config, "projects", "-work-app");
  mkdirSync(sessions, { recursive: true });
  const lines = requests.map((r, i) =>
    JSON.stringify({
      type: "assistant",
      sessionId: "44444444-4444-4444-8444-444444444444",
      timestamp: r.at,
      requestId: `req_${i}`,
      message: {
        id: `msg_${i}`,
        model: "claude-haiku-4-5-20251001",
        usage: { input_tokens: r.input, output_tokens: 0 },
      },
    }),
  );
  writeFileSync(
    join(sessions, "44444444-4444-4444-8444-444444444444.jsonl"),
    lines.map((l) => `${l}\n`).join(""),
  );
  const run = (argv: string[]) =>
    runCli(argv, { cwd: dir, env: { CLAUDE_CONFIG_DIR: config, TZ: "UTC" }, now: NOW });
  return { dir, run };
}

function saving(id: string, fields: Partial<SavingRecord>): SavingRecord {
  return {
    id,
    kind: "cache",
    agentType: "Explore",
    sessionId: "s1",
    timestamp: "2026-11-10T12:00:00.000Z",
    savedPico: 0n,
    savedMs: 0,
    ...fields,
  };
}

describe("vextrus savings", () => {
  const recorded = [
    saving("c1", { savedPico: 1_234_567_891n, savedMs: 95_000 }),
    saving("c2", { savedPico: 2n * USD + 1n, savedMs: 5_000, timestamp: "2026-11-02T08:00:00.000Z" }),
    saving("r1", {
      kind: "routing",
      savedPico: 3n * USD,
      model: "claude-haiku-4-5",
      baselineModel: "claude-opus-5-5",
    }),
    // A routed run on the dearer model saved less than nothing: it counts as it was.
    saving("r2", { kind: "routing", savedPico: -250_000_000_000n, timestamp: "2026-11-21T09:00:00.000Z" }),
    saving("old", { savedPico: 7n * USD, savedMs: 60_000, timestamp: "2026-10-15T12:00:00.000Z" }),
  ];

  it("gives this month's figures exactly as JSON, and one line with a table in text", async () => {
    const { run } = project(recorded);
    const r = await run(["savings", "--json", "--timezone", "UTC"]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.period).toEqual({
      from: "2026-11-01",
      to: "2026-11-30",
      timezone: "UTC",
      label: "2026-11",
      current: true,
    });
    const cache = 1_234_567_891n + 2n * USD + 1n;
    const routing = 3n * USD - 250_000_000_000n;
    expect(json.totalPico).toBe((cache + routing).toString());
    expect(json.cache).toEqual({
      savedUsd: Number(cache) / 1e12,
      savedPico: cache.toString(),
      runs: 2,
      savedMs: 100_000,
    });
    expect(json.routing).toEqual({ savedUsd: 2.75, savedPico: routing.toString(), runs: 2 });
    expect(json.sentence).toBe("saved $4.75 this month: cache $2.00 (2 runs, 2 min), routing $2.75 (2 runs)");

    const text = await run(["savings", "--timezone", "UTC"]);
    expect(text.stdout.split("\n")[0]).toBe(
      "Saved $4.75 this month: cache $2.00 (2 runs, 2 min), routing $2.75 (2 runs) (2026-11-01 → 2026-11-30, UTC)",
    );
    expect(text.stdout).toMatch(/cache hits +│ +2 │ +\$2\.00 │/);
  });

  it("takes --since/--until, and says plainly when nothing was saved", async () => {
    const { run } = project(recorded);
    const october = JSON.parse(
      (await run(["savings", "--since", "20261001", "--until", "20261031", "--json"])).stdout,
    );
    expect(october).toMatchObject({ totalPico: (7n * USD).toString(), cache: { runs: 1, savedMs: 60_000 } });
    expect(october.sentence).toBe(
      "saved $7.00 from 2026-10-01 to 2026-10-31: cache $7.00 (1 run, 1 min), routing $0.00 (0 runs)",
    );

    const empty = project();
    const r = await empty.run(["savings"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Nothing saved yet this month \(2026-11-01 → 2026-11-30, /);
    const none = JSON.parse((await empty.run(["savings", "--json"])).stdout);
    expect(none).toMatchObject({ totalPico: "0", cache: { runs: 0 }, routing: { runs: 0 } });
  });

  it("shows in the dashboard and in every report format", async () => {
    const { run, dir } = project(recorded);
    const dashboard = await run(["dashboard", "--since", "20261101", "--timezone", "UTC"]);
    expect(dashboard.stdout).toContain(
      "Saved $4.75 from 2026-11-01 to 2026-11-21: cache $2.00 (2 runs, 2 min),",
    );
    const json = JSON.parse(
      (await run(["dashboard", "--json", "--since", "20261101", "--timezone", "UTC"])).stdout,
    );
    expect(json.savings.totalPico).toBe((4_750_000_000_000n + 1_234_567_892n).toString());
    const report = JSON.parse(
      (await run(["report", "monthly", "--format", "json", "--timezone", "UTC"])).stdout,
    );
    expect(report.savings).toMatchObject({
      totalUsd: 4.751234567892,
      cache: { runs: 2 },
      routing: { runs: 2 },
    });
    const md = (await run(["report", "monthly", "--timezone", "UTC"])).stdout;
    expect(md).toContain(
      "**Savings:** Saved $4.75 this month: cache $2.00 (2 runs, 2 min), routing $2.75 (2 runs).",
    );
    await run(["report", "monthly", "--format", "html", "--out", "m.html", "--timezone", "UTC"]);
    const { readFileSync } = await import("node:fs");
    expect(readFileSync(join(dir, "m.html"), "utf8")).toContain(
      "Saved $4.75 this month: cache $2.00 (2 runs, 2 min), routing $2.75 (2 runs).",
    );
  });
});

describe("report and dashboard periods", () => {
  const edges = [
    { at: BEFORE_OCT, input: 1_000_000 },
    { at: FIRST_OCT, input: 2_000_000 },
    { at: LAST_OCT, input: 4_000_000 },
    { at: AFTER_OCT, input: 8_000_000 },
  ];
  const edgeSavings = edges.map((e, i) =>
    saving(`e${i}`, { timestamp: e.at, savedPico: BigInt(e.input) * 1_000_000n }),
  );

  it("report --month 2026-10 covers exactly October 1 to 31 in the given time zone", async () => {
    const { run } = project(edgeSavings, edges);
    const r = await run([
      "report",
      "monthly",
      "--month",
      "2026-10",
      "--timezone",
      "America/New_York",
      "--format",
      "json",
    ]);
    expect(r.stderr).toBe("");
    const json = JSON.parse(r.stdout);
    expect(json.period).toEqual({
      kind: "monthly",
      from: "2026-10-01",
      to: "2026-10-31",
      timezone: "America/New_York",
      label: "2026-10",
      current: false,
    });
    // Haiku 4.5 input is $1 a million tokens: October's two requests (2M and 4M tokens) and nothing either side.
    expect(json.cost.requests).toBe(2);
    expect(json.cost.totalUsd).toBe(6);
    expect(json.savings.totalUsd).toBe(6);
    expect(json.savings.sentence).toMatch(/^saved \$6\.00 in 2026-10: /);
    // The same month in UTC moves the edges: 1M + 2M fall on October 1 (UTC), 4M and 8M on November 1.
    const utc = JSON.parse(
      (await run(["report", "monthly", "--month", "2026-10", "--timezone", "UTC", "--format", "json"]))
        .stdout,
    );
    expect(utc.cost.totalUsd).toBe(3);
    expect(utc.savings.totalUsd).toBe(3);
  });

  it("report weekly --week 2026-W47 is Monday 16 to Sunday 22 November; the default is the current ISO week and month", async () => {
    const { run } = project();
    const week = JSON.parse(
      (await run(["report", "weekly", "--week", "2026-W47", "--format", "json"])).stdout,
    );
    expect(week.period).toMatchObject({
      from: "2026-11-16",
      to: "2026-11-22",
      label: "2026-W47",
      current: true,
    });
    const past = JSON.parse(
      (await run(["report", "weekly", "--week", "2026-w01", "--format", "json", "--timezone", "UTC"])).stdout,
    );
    expect(past.period).toMatchObject({
      from: "2025-12-29",
      to: "2026-01-04",
      label: "2026-W01",
      current: false,
    });
    const month = JSON.parse(
      (await run(["report", "monthly", "--format", "json", "--timezone", "UTC"])).stdout,
    );
    expect(month.period).toMatchObject({
      from: "2026-11-01",
      to: "2026-11-30",
      label: "2026-11",
      current: true,
    });
    const days = JSON.parse((await run(["dashboard", "--json", "--days", "7", "--timezone", "UTC"])).stdout);
    expect(days.period).toMatchObject({ from: "2026-11-15", to: "2026-11-21", days: 7, current: true });
  });

  it("refuses a day that does not exist, a window that ends before it starts, and a mixed-up period", async () => {
    const { run } = project();
    const feb = await run(["report", "monthly", "--since", "20260230"]);
    expect(feb.code).toBe(1);
    expect(feb.stderr).toBe(
      "vextrus: --since: 20260230 is not a date (February 2026 has 28 days); expected YYYYMMDD\n",
    );
    const dash = await run(["dashboard", "--until", "20260230"]);
    expect(dash.stderr).toContain("--until: 20260230 is not a date (February 2026 has 28 days)");
    const backwards = await run(["dashboard", "--since", "20261110", "--until", "20261101"]);
    expect(backwards.code).toBe(1);
    expect(backwards.stderr).toBe(
      "vextrus: --since 20261110 is after --until 20261101: expected --since on or before --until\n",
    );
    const savings = await run(["savings", "--since", "20261110", "--until", "20261101"]);
    expect(savings.stderr).toContain("--since 20261110 is after --until 20261101");
    expect((await run(["report", "monthly", "--month", "2026-13"])).stderr).toContain("there is no month 13");
    expect((await run(["report", "weekly", "--week", "2026-W54"])).code).toBe(1);
    expect((await run(["report", "weekly", "--month", "2026-10"])).stderr).toBe(
      "vextrus: --month: expected with report monthly; a weekly report takes --week YYYY-Www\n",
    );
    expect((await run(["report", "monthly", "--month", "2026-10", "--since", "20261001"])).stderr).toContain(
      "--month: expected alone; it cannot be combined with --since",
    );
  });
});
