import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { usdToPico } from "@vextrus/cost";
import { openSqliteMetricsStore } from "@vextrus/metrics/node";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

// @vextrus/cost's fixture session: Explore (foreground), code-reviewer (background), general-purpose (failed),
// Plan (interrupted) and a compaction run, all on 2026-11-20; no hook ever ran.
const here = dirname(fileURLToPath(import.meta.url));
const runs = join(here, "..", "..", "..", "packages", "cost", "test", "fixtures", "runs");
const NOW = "2026-11-21T12:00:00.000Z";

function project() {
  const dir = mkdtempSync(join(tmpdir(), "vx-cli-history-"));
  mkdirSync(join(dir, ".claude"), { recursive: true });
  cpSync(runs, join(dir, "claude"), { recursive: true });
  return { dir, env: { CLAUDE_CONFIG_DIR: join(dir, "claude"), TZ: "UTC" } };
}

const byType = (agents: Array<{ agentType?: string; agent?: string; invocations: number }>) =>
  Object.fromEntries(agents.map((a) => [a.agentType ?? a.agent, a.invocations]));

describe("history is metrics: a new user's transcripts fill metrics and the dashboard", () => {
  it("metrics and dashboard show every subagent run with no hook record, and say where they came from", async () => {
    const { dir, env } = project();
    const metrics = await runCli(["metrics", "--json"], { cwd: dir, env, now: NOW });
    expect(metrics.code).toBe(0);
    const summary = JSON.parse(metrics.stdout);
    const expected = { Explore: 1, "code-reviewer": 1, "general-purpose": 1, Plan: 1, compaction: 1 };
    expect(byType(summary.agents)).toEqual(expected);
    expect(summary.totals.invocations).toBe(5);
    expect(summary.source).toMatch(/none recorded by the hooks.*5 more from Claude Code's transcripts/);
    // The Explore run's exact cost, from its requests: 3000 input and 600 output tokens of Sonnet 4.5 ($3 / $15).
    expect(summary.agents.find((a: { agentType: string }) => a.agentType === "Explore").costPico).toBe(
      usdToPico(((3000 * 3 + 600 * 15) / 1e6).toFixed(12)).toString(),
    );

    const dashboard = JSON.parse((await runCli(["dashboard", "--json"], { cwd: dir, env, now: NOW })).stdout);
    expect(byType(dashboard.agents)).toEqual(expected);
    // The report of the transcripts' month: its agents chart counts the same runs.
    const report = await runCli(
      ["report", "monthly", "--month", "2026-11", "--format", "json", "--timezone", "UTC"],
      { cwd: dir, env, now: NOW },
    );
    expect(byType(JSON.parse(report.stdout).agents)).toEqual(expected);
    const text = (await runCli(["metrics"], { cwd: dir, env, now: NOW })).stdout;
    expect(text).toContain("general-purpose: agent-error ×1");
    expect(text).toContain("Corrections are known only from hook records");
  });

  it("a run the hooks recorded counts once, as the hook recorded it, however often the CLI runs", async () => {
    const { dir, env } = project();
    mkdirSync(join(dir, ".claude", "state"), { recursive: true });
    const store = openSqliteMetricsStore(join(dir, ".claude", "state", "metrics.db"));
    store.addInvocations([
      {
        id: "toolu_A",
        agentType: "Explore",
        model: "claude-sonnet-4-5-20250929",
        success: true,
        userCorrection: true,
        durationMs: 30_500,
        tokens: { input: 3000, output: 600, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 },
        costPico: usdToPico("0.018"),
        cacheHit: false,
        start: "cold",
        sessionId: "44444444-4444-4444-8444-444444444444",
        timestamp: "2026-11-20T10:00:31.000Z",
      },
    ]);
    store.close();
    for (let i = 0; i < 2; i++) {
      const summary = JSON.parse((await runCli(["metrics", "--json"], { cwd: dir, env, now: NOW })).stdout);
      expect(summary.totals.invocations).toBe(5);
      expect(summary.agents.find((a: { agentType: string }) => a.agentType === "Explore").corrections).toBe(
        1,
      );
      expect(summary.source).toMatch(
        /1 recorded by the Vextrus hooks .*, 4 more from Claude Code's transcripts/,
      );
    }
  });

  it("whatif --json replays the period under the policy, by agent and by lever, and states its method", async () => {
    const { dir, env } = project();
    const r = await runCli(
      ["whatif", "--json", "--since", "20261120", "--until", "20261120", "--timezone", "UTC"],
      {
        cwd: dir,
        env,
        now: NOW,
      },
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.period).toEqual({ from: "2026-11-20", to: "2026-11-20", timezone: "UTC" });
    expect(out.runs).toBe(5);
    const money = (x: { actualPico: string; policyPico: string; savedPico: string }) =>
      BigInt(x.actualPico) - BigInt(x.policyPico) === BigInt(x.savedPico);
    expect(money(out.totals)).toBe(true);
    // As it was: the five runs' exact costs (the hand count of @vextrus/cost's agent-runs test).
    expect(out.totals.actualPico).toBe(
      ["0.018", "0.015", "0.003", "0.0015", "0.093"]
        .map((u) => usdToPico(u))
        .reduce((a, b) => a + b, 0n)
        .toString(),
    );
    expect(out.totals.routing.reroutedRuns).toBeGreaterThan(0);
    expect(out.totals.cache.hits).toBe(0); // no call repeats in this session
    expect(out.byAgent.map((a: { agentType: string }) => a.agentType).sort()).toEqual([
      "Explore",
      "Plan",
      "code-reviewer",
      "compaction",
      "general-purpose",
    ]);
    const compaction = out.byAgent.find((a: { agentType: string }) => a.agentType === "compaction");
    expect(compaction.policyPico).toBe(compaction.actualPico); // no prompt: nothing to route or cache
    expect(out.method.join(" ")).toContain("token counts on another model are assumed equal");
    const text = await runCli(["whatif", "--since", "20261120", "--until", "20261120"], {
      cwd: dir,
      env,
      now: NOW,
    });
    expect(text.stdout).toMatch(/^Under the current policy these 5 subagent runs would have cost \$/);
  });
});

describe("whatif counts the runs of its period, in its time zone", () => {
  // Around the fixture's day: a call still open the evening before, one open on the day, and a run finished the day
  // after. whatif reads whole UTC days on either side of the period (for time zones) and keeps the period's days.
  const SESSION = "55555555-5555-4555-8555-555555555555";
  const line = (uuid: string, timestamp: string, message: object, extra: object = {}) =>
    JSON.stringify({
      isSidechain: false,
      userType: "external",
      cwd: "/home/dev/app",
      sessionId: SESSION,
      version: "2.1.332",
      uuid,
      timestamp,
      type: "role" in message && message.role === "user" ? "user" : "assistant",
      message,
      ...extra,
    });
  const call = (id: string, uuid: string, timestamp: string) =>
    line(uuid, timestamp, {
      model: "claude-opus-4-5-20251101",
      id: `msg_${uuid}`,
      type: "message",
      role: "assistant",
      content: [{ type: "tool_use", id, name: "Agent", input: { description: id, prompt: `do ${id}` } }],
      usage: {
        input_tokens: 10,
        output_tokens: 5,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
      },
    });

  it("says how many runs it replays and how many calls are still open, of the period alone", async () => {
    const { dir, env } = project();
    const lines = [
      call("toolu_open_before", "v-1", "2026-11-19T23:30:00.000Z"),
      call("toolu_open_in", "v-2", "2026-11-20T12:00:00.000Z"),
      call("toolu_done_after", "v-3", "2026-11-21T08:00:00.000Z"),
      line(
        "v-4",
        "2026-11-21T08:01:00.000Z",
        {
          role: "user",
          content: [{ tool_use_id: "toolu_done_after", type: "tool_result", content: "done" }],
        },
        { toolUseResult: { status: "completed", totalDurationMs: 60_000 } },
      ),
    ];
    writeFileSync(
      join(dir, "claude", "projects", "-home-dev-app", `${SESSION}.jsonl`),
      `${lines.join("\n")}\n`,
    );
    const day = ["--since", "20261120", "--until", "20261120", "--timezone", "UTC"];
    const out = JSON.parse((await runCli(["whatif", "--json", ...day], { cwd: dir, env, now: NOW })).stdout);
    expect(out.runs).toBe(5);
    expect(out.source).toMatch(/^5 subagent run\(s\) found .*; 1 still running or never ended, not counted$/);
    // The next day in UTC holds the finished run; in Tokyo (UTC+9) the evening call of the 19th falls on the 20th.
    const next = JSON.parse(
      (
        await runCli(
          ["whatif", "--json", "--since", "20261121", "--until", "20261121", "--timezone", "UTC"],
          {
            cwd: dir,
            env,
            now: NOW,
          },
        )
      ).stdout,
    );
    expect(next.runs).toBe(1);
    expect(next.source).toMatch(/^1 subagent run\(s\) found .*transcripts of [^;]*$/);
    const tokyo = day.slice(0, 4).concat("--timezone", "Asia/Tokyo");
    const east = JSON.parse(
      (await runCli(["whatif", "--json", ...tokyo], { cwd: dir, env, now: NOW })).stdout,
    );
    expect(east.source).toMatch(/; 2 still running or never ended, not counted$/);
  });
});

describe("patterns learn from the transcripts of the project too", () => {
  it("a turn that ran subagents is a finished task, with each agent's outcome; the hooks' history is kept", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vx-cli-patterns-"));
    mkdirSync(join(dir, ".claude"), { recursive: true });
    // The fixture session, as Claude Code would file it for this project folder.
    const folder = join(dir, "claude", "projects", dir.replace(/[^a-zA-Z0-9]/g, "-"));
    cpSync(join(runs, "projects", "-home-dev-app"), folder, { recursive: true });
    const env = { CLAUDE_CONFIG_DIR: join(dir, "claude"), TZ: "UTC" };
    const r = await runCli(["patterns", "recommend", "look at the app", "--json"], {
      cwd: dir,
      env,
      now: NOW,
    });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.history).toMatchObject({ tasks: 1, fromTranscripts: 1 });
    expect(out.status).toBe("recommended");
    // The task's four runs with their outcomes: the failed and the interrupted one are not recommended.
    expect(out.agents).toEqual(["Explore", "code-reviewer"]);
  });
});

describe("whatif on a history with known repeats", () => {
  it("counts a repeat within the TTL as a hit, unless a file its entry's run read was written in between", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vx-cli-whatif-"));
    mkdirSync(join(dir, ".claude"), { recursive: true });
    const session = "55555555-5555-4555-8555-555555555555";
    const folder = join(dir, "claude", "projects", "-home-dev-web");
    const lines = new Map<string, string[]>();
    const add = (file: string, line: object) =>
      lines.set(file, [...(lines.get(file) ?? []), JSON.stringify(line)]);
    const main = `${session}.jsonl`;
    const base = (ts: string, extra = {}) => ({
      sessionId: session,
      cwd: "/home/dev/web",
      timestamp: ts,
      ...extra,
    });
    const usage = (input: number, output: number) => ({ input_tokens: input, output_tokens: output });
    let m = 0;
    const assistant = (file: string, ts: string, content: object[], u: object, extra = {}) =>
      add(file, {
        ...base(ts, extra),
        type: "assistant",
        requestId: `req_${++m}`,
        message: { id: `msg_${m}`, model: "claude-sonnet-4-5-20250929", content, usage: u },
      });
    // Four identical Explore calls; each subagent reads src/a.ts with one request of 1000 in / 100 out tokens.
    const call = (n: number, at: string, end: string) => {
      const id = `toolu_${n}`;
      const agent = `s${n}`;
      const sub = `${session}/subagents/agent-${agent}.jsonl`;
      assistant(
        main,
        `${at}:00.000Z`,
        [
          {
            type: "tool_use",
            id,
            name: "Agent",
            input: { description: "Routes", prompt: "List the HTTP routes", subagent_type: "Explore" },
          },
        ],
        usage(10, 10),
      );
      assistant(
        sub,
        `${at}:05.000Z`,
        [{ type: "tool_use", id: `r${n}`, name: "Read", input: { file_path: "/home/dev/web/src/a.ts" } }],
        usage(1000, 100),
        { isSidechain: true, agentId: agent },
      );
      add(main, {
        ...base(`${end}:00.000Z`),
        type: "user",
        message: {
          role: "user",
          content: [{ tool_use_id: id, type: "tool_result", content: [{ type: "text", text: "/a" }] }],
        },
        toolUseResult: {
          status: "completed",
          agentId: agent,
          totalDurationMs: 30000,
          usage: usage(1000, 100),
        },
      });
    };
    add(main, {
      ...base("2026-11-20T09:59:00.000Z"),
      type: "user",
      message: { role: "user", content: "map the app" },
    });
    call(1, "2026-11-20T10:00", "2026-11-20T10:01"); // makes the entry
    call(2, "2026-11-20T10:10", "2026-11-20T10:11"); // a hit: nothing written since 10:00
    assistant(
      main,
      "2026-11-20T10:20:00.000Z",
      [{ type: "tool_use", id: "e1", name: "Edit", input: { file_path: "/home/dev/web/src/a.ts" } }],
      usage(10, 10),
    );
    call(3, "2026-11-20T10:30", "2026-11-20T10:31"); // a miss: src/a.ts changed after call 1 read it; a new entry
    call(4, "2026-11-20T10:40", "2026-11-20T10:41"); // a hit of call 3's entry
    call(5, "2026-11-20T12:00", "2026-11-20T12:01"); // a miss: past exploration's 1 hour TTL
    for (const [file, text] of lines) {
      mkdirSync(dirname(join(folder, file)), { recursive: true });
      writeFileSync(join(folder, file), `${text.join("\n")}\n`);
    }
    const env = { CLAUDE_CONFIG_DIR: join(dir, "claude"), TZ: "UTC" };
    const argv = ["whatif", "--json", "--since", "20261120", "--until", "20261120", "--timezone", "UTC"];
    const out = JSON.parse((await runCli(argv, { cwd: dir, env, now: NOW })).stdout);
    // One run's exact cost: 1000 input and 100 output tokens of Sonnet 4.5 ($3 / $15 per million).
    const run = usdToPico(((1000 * 3 + 100 * 15) / 1e6).toFixed(12));
    expect(out.runs).toBe(5);
    expect(out.totals.actualPico).toBe((run * 5n).toString());
    expect(out.totals.cache).toEqual({
      pico: (run * 3n).toString(),
      savedPico: (run * 2n).toString(),
      hits: 2,
    });
  });
});
