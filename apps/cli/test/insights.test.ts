import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createPriceBook } from "@vextrus/cost";
import { toInvocationRecord } from "@vextrus/metrics";
import { openSqliteMetricsStore } from "@vextrus/metrics/node";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const here = dirname(fileURLToPath(import.meta.url));
const sample = join(here, "..", "..", "..", "packages", "cost", "test", "fixtures", "sample");
const NOW = "2026-11-21T12:00:00.000Z";

function seededProject() {
  const dir = mkdtempSync(join(tmpdir(), "vx-cli-insights-"));
  mkdirSync(join(dir, ".claude", "state"), { recursive: true });
  const store = openSqliteMetricsStore(join(dir, ".claude", "state", "metrics.db"));
  const book = createPriceBook();
  const records = [];
  for (let i = 0; i < 120; i++) {
    const agentType = ["code-reviewer", "Explore", "backend-development"][i % 3] as string;
    records.push(
      toInvocationRecord(
        {
          id: `inv-${i}`,
          agentType,
          model: i % 2 ? "claude-sonnet-4-5-20250929" : "claude-haiku-4-5-20251001",
          success: i % 10 !== 0,
          userCorrection: i % 15 === 0,
          durationMs: 1000 + i * 10,
          tokens: { input: 1000, output: 500, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 2000 },
          cacheHit: i % 4 === 0,
          start: i % 4 === 0 ? "cached" : "cold",
          sessionId: "s1",
          timestamp: new Date(Date.parse(NOW) - (i % 6) * 86_400_000).toISOString(),
        },
        book,
      ),
    );
  }
  store.addInvocations(records);
  store.addGateResults([{ gate: "tests", status: "passed", durationMs: 4000, timestamp: NOW }]);
  store.close();
  return dir;
}

const env = { CLAUDE_CONFIG_DIR: sample, TZ: "UTC" };

describe("vextrus dashboard, report and metrics", () => {
  it("fits the dashboard in 80 columns and gives the same data as JSON", async () => {
    const dir = seededProject();
    const text = await runCli(["dashboard"], { cwd: dir, env, now: NOW });
    expect(text.code).toBe(0);
    for (const line of text.stdout.split("\n")) expect([...line].length).toBeLessThanOrEqual(80);
    expect(text.stdout).toMatch(/\$0\.50 in 18 requests {2}[▁▂▃▄▅▆▇█]+/);
    expect(text.stdout).toContain("code-reviewer");
    const json = JSON.parse((await runCli(["dashboard", "--json"], { cwd: dir, env, now: NOW })).stdout);
    expect(json.cost.totalUsd).toBeCloseTo(0.49954, 5);
    expect(
      json.agents.map((a: { invocations: number }) => a.invocations).reduce((a: number, b: number) => a + b),
      // The 120 hook records, and the sample's one finished subagent run (toolu_1; the others never got a result).
    ).toBe(121);
    expect(json.gates[0]).toMatchObject({ gate: "tests", runs: 1, passRate: 1 });
  });

  it("writes weekly reports as JSON, Markdown and one HTML file with the same totals", async () => {
    const dir = seededProject();
    const json = JSON.parse(
      (await runCli(["report", "weekly", "--format", "json"], { cwd: dir, env, now: NOW })).stdout,
    );
    // The current ISO week (Monday to Sunday), not the last seven days.
    expect(json.period).toMatchObject({
      kind: "weekly",
      from: "2026-11-16",
      to: "2026-11-22",
      label: "2026-W47",
    });
    expect(json.cost.requests).toBe(18);
    expect(json.agents).toHaveLength(3);
    expect(json.cache.byDay.reduce((s: number, d: { hits: number }) => s + d.hits, 0)).toBe(30);
    await runCli(["report", "weekly", "--format", "html", "--out", "week.html"], { cwd: dir, env, now: NOW });
    const html = readFileSync(join(dir, "week.html"), "utf8");
    expect(html).toContain(`data-total="cost"`);
    expect(html).toContain("$0.50");
    expect(html).not.toMatch(/src="http|href="http/);
    const md = (await runCli(["report", "monthly"], { cwd: dir, env, now: NOW })).stdout;
    expect(md).toContain("| code-reviewer |");
  });

  it("shows per-agent metrics and one agent alone", async () => {
    const dir = seededProject();
    const all = await runCli(["metrics"], { cwd: dir, env, now: NOW });
    expect(all.stdout).toMatch(/code-reviewer +│ +40 │/);
    const one = JSON.parse(
      (await runCli(["metrics", "Explore", "--json"], { cwd: dir, env, now: NOW })).stdout,
    );
    expect(one.agents.map((a: { agentType: string }) => a.agentType)).toEqual(["Explore"]);
    expect(one.agents[0].invocations).toBe(40);
  });

  it("says where agent metrics come from when there are none", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vx-cli-insights-empty-"));
    mkdirSync(join(dir, ".claude"), { recursive: true });
    mkdirSync(join(dir, "claude", "projects"), { recursive: true });
    const none = { ...env, CLAUDE_CONFIG_DIR: join(dir, "claude") };
    const r = await runCli(["metrics"], { cwd: dir, env: none, now: NOW });
    expect(r.stdout).toMatch(
      /^No agent invocations in the last 30 days\.\nagent runs: none recorded by the hooks \(no \.claude\/state\/metrics\.db: `vextrus init` installs them\), 0 more from Claude Code's transcripts \(.*\); a run both saw counts once\.\n$/,
    );
    const dashboard = (await runCli(["dashboard"], { cwd: dir, env: none, now: NOW })).stdout;
    expect(dashboard).toContain(
      "no subagent runs in this period (hooks' records and transcripts: see the note)",
    );
    expect(dashboard).toContain("note: agent runs: none recorded by the hooks");
  });
});
