import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NOW, output, type Sandbox, SONNET_PICO, sandbox } from "./harness.js";
import { invocation, seedMetrics, seedUsage, usageRecord } from "./stores.js";

const start = (s: Sandbox) =>
  s.hook("SessionStart", { source: "startup", model: "claude-sonnet-4-5-20250929" });

/** `$12.34` for pico-dollars, rounded half up to the cent (the amounts here stay under $1,000). */
function usd(pico: bigint): string {
  const cents = (pico + 5_000_000_000n) / 10_000_000_000n;
  return `$${cents / 100n}.${String(cents % 100n).padStart(2, "0")}`;
}

/** Days of November elapsed at NOW on this machine's clock face, in minutes (the budget pace uses local time). */
function minutesElapsed(): number {
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      hourCycle: "h23",
    })
      .formatToParts(NOW)
      .map((p) => [p.type, Number(p.value)]),
  ) as { day: number; hour: number; minute: number };
  return (parts.day - 1) * 1440 + parts.hour * 60 + parts.minute;
}

// Ten Sonnet 4.5 requests this month, each 100k input, 50k output, 20k 5-minute cache write, 60k cache read
// (under the 200k long-context line), and one big request last month that must not count.
const PER_REQUEST = { input: 100_000, output: 50_000, cacheWrite5m: 20_000, cacheRead: 60_000 };
const perRequestPico =
  100_000n * SONNET_PICO.input +
  50_000n * SONNET_PICO.output +
  20_000n * SONNET_PICO.write5m +
  60_000n * SONNET_PICO.read; // $0.30 + $0.75 + $0.075 + $0.018 = $1.143
const SPENT = 10n * perRequestPico; // $11.43

function seedMonth(s: Sandbox) {
  const records = Array.from({ length: 10 }, (_, i) =>
    usageRecord(`msg_${i}:req_${i}`, {
      ...PER_REQUEST,
      timestamp: `2026-11-${String(2 + i).padStart(2, "0")}T10:00:00.000Z`,
      // Subagent requests count toward the budget like the main thread's.
      ...(i % 3 === 0 && { agentId: `agent${i}`, sidechain: true }),
    }),
  );
  records.push(
    usageRecord("msg_old:req_old", {
      input: 150_000,
      output: 100_000,
      timestamp: "2026-10-15T10:00:00.000Z",
    }),
  );
  seedUsage(s.ledger, records);
}

describe("SessionStart", () => {
  it("shows this month's exact spend, budget and pace from the usage store", async () => {
    const s = sandbox();
    seedMonth(s);
    expect(perRequestPico).toBe(1_143_000_000_000n);
    const budget = 500_000_000_000_000n;
    const usedPct = (Number((SPENT * 10_000n) / budget) / 100).toFixed(1);
    const projected = (SPENT * 30n * 1440n) / BigInt(Math.max(minutesElapsed(), 1440));
    const line = `Budget: ${usd(SPENT)} of $500.00 spent in 2026-11 (${usedPct}%), on pace for ${usd(projected)}.`;
    expect(line).toContain("$11.43 of $500.00");

    const r = await start(s);
    expect(r).toMatchObject({ exitCode: 0, stderr: "" });
    const out = output(r);
    expect(out?.systemMessage).toBe(`Vextrus: ${line}`);
    expect(out?.hookSpecificOutput).toEqual({
      hookEventName: "SessionStart",
      additionalContext: `Vextrus: ${line}`,
    });
  });

  it("warns and flags an exceeded budget from settings.json, overlaid by settings.local.json", async () => {
    const s = sandbox();
    seedMonth(s);
    s.settings({ cost: { monthly_budget_usd: 200, alert_threshold_pct: 50 } }, "settings.json");
    s.settings({ cost: { monthly_budget_usd: 10 } }); // the local file wins; alert_threshold_pct stays 50
    const text = output(await start(s))?.systemMessage ?? "";
    expect(text).toContain("Budget: $11.43 of $10.00 spent in 2026-11 (114.3%)");
    expect(text).toContain("⛔ Monthly budget exceeded: $11.43 of $10.00 (114.3%).");

    s.settings({ cost: { monthly_budget_usd: 20 } });
    const warned = output(await start(s))?.systemMessage ?? "";
    expect(warned).toContain("Budget: $11.43 of $20.00 spent in 2026-11 (57.1%)");
    expect(warned).toContain("⚠ 57.1% of the monthly budget used ($11.43 of $20.00), alert at 50%.");
    expect(warned).not.toContain("⛔");
  });

  it("says the budget when nothing was spent yet", async () => {
    const s = sandbox();
    const r = await start(s);
    expect(output(r)?.systemMessage).toBe(
      "Vextrus: Budget: $500.00 a month; no spend recorded yet this month.",
    );
  });

  it("says nothing when `vextrus rollback` turned the dashboard off", async () => {
    const s = sandbox({ git: { branch: "feature/payment-retry" } });
    seedMonth(s);
    seedTasks(s);
    s.settings({ monitoring: { show_dashboard_on_start: false }, latency: { predictive_prewarming: false } });
    expect(await start(s)).toEqual({ stdout: "", stderr: "", exitCode: 0 });
  });

  it("leaves the budget out when cost tracking is off", async () => {
    const s = sandbox();
    seedMonth(s);
    s.settings({ cost: { enabled: false } });
    expect(await start(s)).toEqual({ stdout: "", stderr: "", exitCode: 0 });
  });

  it("falls back to the default budget on an invalid value, naming the setting once on stderr", async () => {
    const s = sandbox();
    seedMonth(s);
    s.settings({ cost: { monthly_budget_usd: "lots" } });
    const r = await start(s);
    expect(r.exitCode).toBe(0);
    expect(output(r)?.systemMessage).toContain("Budget: $11.43 of $500.00 spent in 2026-11");
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^vextrus-hook: optimization\.cost\.monthly_budget_usd: expected a positive number/,
    );
  });

  it("goes on with the defaults when settings.local.json is not JSON", async () => {
    const s = sandbox();
    s.write(".claude/settings.local.json", "{ optimization: ");
    const r = await start(s);
    expect(output(r)?.systemMessage).toContain("Budget: $500.00 a month");
    expect(r.stderr).toBe(
      "vextrus-hook: .claude/settings.local.json is not valid JSON; its settings are ignored (check it with `vextrus config validate`)\n",
    );
  });

  it("adds the top suggestions from the metrics store", async () => {
    const s = sandbox();
    seedMetrics(
      s.state,
      Array.from({ length: 6 }, (_, i) =>
        invocation(`inv${i}`, { success: i === 0, failureMode: i === 0 ? undefined : "timeout" }),
      ),
    );
    const text = output(await start(s))?.systemMessage ?? "";
    expect(text).toContain("Suggestion: code-reviewer succeeds in 16.7% of 6 runs");
    s.settings({ monitoring: { show_optimization_suggestions: false } });
    expect(output(await start(s))?.systemMessage).not.toContain("Suggestion:");
  });

  describe("prewarm hints from the branch name", () => {
    it("names the folders and agents of similar past tasks", async () => {
      const s = sandbox({ git: { branch: "feature/payment-retry" } });
      seedTasks(s);
      const text = output(await start(s))?.hookSpecificOutput?.additionalContext ?? "";
      expect(text).toMatch(/Likely relevant \(Vextrus, from \d+ similar past task\(s\), confidence [\d.]+/);
      expect(text).toContain("src/payments/");
      expect(text).toContain("agents that worked: code-reviewer");
      expect(text).not.toContain("docs/");
    });

    it("points to the nearest docs of those folders, not the project root's", async () => {
      const s = sandbox({ git: { branch: "feature/payment-retry" } });
      seedTasks(s);
      s.write("CLAUDE.md", "# root: Claude Code loads it anyway\n");
      s.write("src/payments/README.md", "# payments\n");
      s.write("src/CLAUDE.md", "# src\n");
      const text = output(await start(s))?.hookSpecificOutput?.additionalContext ?? "";
      expect(text).toContain("read first: src/payments/README.md;");
      expect(text).not.toContain("src/CLAUDE.md");
      expect(text).not.toContain(" CLAUDE.md");
    });

    it("gives none on main, or when prewarming is off", async () => {
      const main = sandbox({ git: {} });
      seedTasks(main);
      expect(output(await start(main))?.hookSpecificOutput?.additionalContext).not.toContain(
        "Likely relevant",
      );

      const off = sandbox({ git: { branch: "feature/payment-retry" } });
      seedTasks(off);
      off.settings({ latency: { predictive_prewarming: false } });
      expect(output(await start(off))?.hookSpecificOutput?.additionalContext).not.toContain(
        "Likely relevant",
      );
    });

    it("skips damaged history lines", async () => {
      const s = sandbox({ git: { branch: "feature/payment-retry" } });
      const bad = (fields: Record<string, unknown>) =>
        JSON.stringify({
          id: "bad",
          description: "payment retry",
          files: [],
          agents: [],
          gates: [],
          durationMs: 1,
          ...fields,
        });
      seedTasks(s, [
        "not json",
        '{"id":1}',
        bad({ files: "nope" }),
        // Lines @vextrus/patterns would reject (blank text, a bad date): one of them must not sink every hint.
        bad({ id: "b1", description: " " }),
        bad({ id: "b2", agents: [{ type: "", success: true }] }),
        bad({ id: "b3", files: [""] }),
        bad({ id: "b4", gates: ["  "] }),
        bad({ id: "b5", finishedAt: "yesterday" }),
        bad({ id: "b6", commits: -1 }),
        bad({ id: " " }),
      ]);
      const r = await start(s);
      expect(r.stderr).toBe("");
      expect(output(r)?.hookSpecificOutput?.additionalContext).toContain("src/payments/");
    });
  });
});

function seedTasks(s: Sandbox, extraLines: string[] = []) {
  const task = (id: string, description: string, files: string[], agent: string) =>
    JSON.stringify({
      id,
      description,
      files,
      agents: [{ type: agent, success: true }],
      gates: [],
      durationMs: 20 * 60_000,
      finishedAt: "2026-11-01T10:00:00.000Z",
    });
  mkdirSync(s.state, { recursive: true });
  writeFileSync(
    join(s.state, "tasks.jsonl"),
    [
      ...extraLines,
      task("t1", "Add retry to the payment webhook", ["src/payments/webhook.ts"], "code-reviewer"),
      task("t2", "Payment retry backoff is too short", ["src/payments/retry.ts"], "code-reviewer"),
      task("t3", "Update the README badges", ["docs/README.md"], "Explore"),
    ]
      .map((l) => `${l}\n`)
      .join(""),
  );
}
