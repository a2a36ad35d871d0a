import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { assistantLine, NOW, output, type Sandbox, sandbox } from "./harness.js";
import { seedUsage, usageRecord } from "./stores.js";

const submit = (s: Sandbox, prompt: string) => s.hook("UserPromptSubmit", { prompt });

const ADVICE = "Give subagents that model unless their work needs more.";

/** $1.80 of Sonnet 4.5 this month: 100k input at $3/M ($0.30) and 100k output at $15/M ($1.50). */
function spend180(s: Sandbox) {
  seedUsage(s.ledger, [
    usageRecord("msg_a:req_a", { input: 100_000, output: 100_000, timestamp: "2026-11-19T10:00:00.000Z" }),
  ]);
}

describe("UserPromptSubmit: complexity and model", () => {
  it("scores the prompt together with the working tree's changes", async () => {
    const s = sandbox({
      git: {
        branch: "feature/x",
        files: { "src/auth/session.ts": "export const ttl = 1;\n", "README.md": "# app\n" },
      },
    });
    s.write("src/auth/session.ts", "export const ttl = 2;\nexport const idle = 5;\n");
    s.write("db/migrations/001_add_retries.sql", "ALTER TABLE payments ADD retries int;\n");
    const r = await submit(s, "Fix the payment flow");
    expect(r.stderr).toBe("");
    expect(output(r)).toEqual({
      hookSpecificOutput: {
        hookEventName: "UserPromptSubmit",
        additionalContext:
          "Vextrus: Task complexity 80/100 (migration-path +25, auth-path +25, payment-topic +30); " +
          `recommended model: Sonnet. ${ADVICE}`,
      },
    });
  });

  it("scores the prompt alone outside a git repository", async () => {
    const s = sandbox();
    expect(output(await submit(s, "Rename a variable"))?.hookSpecificOutput?.additionalContext).toBe(
      `Vextrus: Task complexity 0/100 (no rule fired); recommended model: Haiku. ${ADVICE}`,
    );
    expect(
      output(await submit(s, "Payment retries with event sourcing"))?.hookSpecificOutput?.additionalContext,
    ).toBe(
      "Vextrus: Task complexity 45/100 (payment-topic +30, event-sourcing +15); recommended model: " +
        `Haiku, with Sonnet reviewing its work. ${ADVICE}`,
    );
  });

  it("uses the team's complexity thresholds", async () => {
    const s = sandbox();
    s.settings({ complexity: { thresholds: { haiku: 10, haiku_with_sonnet_review: 15, sonnet: 30 } } });
    expect(
      output(await submit(s, "Payment retries with event sourcing"))?.hookSpecificOutput?.additionalContext,
    ).toContain("recommended model: Opus.");
  });

  it("says nothing for a slash command, or when automatic model choice is off", async () => {
    const s = sandbox();
    expect((await submit(s, "/compact")).stdout).toBe("");
    expect((await submit(s, "   ")).stdout).toBe("");
    s.settings({ cost: { auto_model_selection: false } });
    expect(await submit(s, "Fix the payment flow")).toEqual({ stdout: "", stderr: "", exitCode: 0 });
  });

  it("notes the turn's start for the Stop hook", async () => {
    const s = sandbox();
    s.appendTranscript(assistantLine({ sessionId: s.sessionId, cwd: s.root, id: "m0" }));
    await submit(s, "Fix the payment flow");
    const start = JSON.parse(readFileSync(join(s.state, "turns", `${s.sessionId}.json`), "utf8"));
    expect(start).toEqual({
      prompt: "Fix the payment flow",
      startedAt: NOW.getTime(),
      transcriptOffset: statSync(s.transcript).size,
    });
  });
});

describe("UserPromptSubmit: budget", () => {
  it("blocks only when hard_budget_stop is on and the budget is spent", async () => {
    const s = sandbox();
    spend180(s);
    s.settings({ cost: { monthly_budget_usd: 1.8, hard_budget_stop: true } });
    const blocked = output(await submit(s, "Add a feature"));
    expect(Object.keys(blocked ?? {})).toEqual(["decision", "reason"]);
    expect(blocked?.decision).toBe("block");
    // The pace depends on the local time zone's day; the rest is exact.
    expect(blocked?.reason).toMatch(
      /^Vextrus: the monthly budget is spent \(\$1\.80 of \$1\.80 spent in 2026-11 \(100\.0%\), on pace for \$2\.\d\d\)\. Raise optimization\.cost\.monthly_budget_usd or turn optimization\.cost\.hard_budget_stop off in \.claude\/settings\.local\.json to go on\.$/,
    );
  });

  it("does not block under the budget, or when the stop is not configured", async () => {
    const under = sandbox();
    spend180(under);
    under.settings({ cost: { monthly_budget_usd: 1.81, hard_budget_stop: true } });
    const r = output(await submit(under, "Add a feature"));
    expect(r?.decision).toBeUndefined();
    expect(r?.systemMessage).toMatch(
      /^Vextrus: 99\.4% of the monthly budget used \(\$1\.80 of \$1\.81\), alert at 80%\. On pace for \$2\.\d\d this month/,
    );

    const warnOnly = sandbox();
    spend180(warnOnly);
    warnOnly.settings({ cost: { monthly_budget_usd: 1 } });
    const w = output(await submit(warnOnly, "Add a feature"));
    expect(w?.decision).toBeUndefined();
    expect(w?.systemMessage).toBe("Vextrus: Monthly budget exceeded: $1.80 of $1.00 (180.0%).");
    expect(w?.hookSpecificOutput?.additionalContext).toContain(
      "Monthly budget exceeded: $1.80 of $1.00 (180.0%).",
    );
    expect(w?.hookSpecificOutput?.additionalContext).toContain("Task complexity 0/100");
  });

  it("neither warns nor blocks when cost tracking is off", async () => {
    const s = sandbox();
    spend180(s);
    s.settings({ cost: { enabled: false, monthly_budget_usd: 1, hard_budget_stop: true } });
    expect(await submit(s, "Add a feature")).toEqual({ stdout: "", stderr: "", exitCode: 0 });
  });

  it("keeps quiet about the budget when warnings are off", async () => {
    const s = sandbox();
    spend180(s);
    s.settings({ cost: { monthly_budget_usd: 1 }, monitoring: { show_cost_warnings: false } });
    const r = output(await submit(s, "Add a feature"));
    expect(r?.systemMessage).toBeUndefined();
    expect(r?.hookSpecificOutput?.additionalContext).not.toContain("budget");
  });

  it("ignores a hard stop with a broken budget value, and says why", async () => {
    const s = sandbox();
    spend180(s);
    s.settings({ cost: { monthly_budget_usd: -3, hard_budget_stop: true } });
    const r = await submit(s, "Add a feature");
    expect(output(r)?.decision).toBeUndefined();
    expect(r.stderr).toMatch(
      /^vextrus-hook: optimization\.cost\.monthly_budget_usd: expected a positive number.*\n$/,
    );
  });
});
