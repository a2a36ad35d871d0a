import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { assistantLine, output, sandbox } from "../../hooks/test/harness.js";
import { runCli } from "./run-cli.js";

// The CLI and the hook each find the project, its settings and its state folders through @vextrus/config: started
// in the same subfolder with the same environment they must land on the same files.
describe("CLI and hook agree on settings and state folders", () => {
  it("from a subfolder, with a relative VEXTRUS_STATE_DIR", async () => {
    const s = sandbox({ env: { VEXTRUS_STATE_DIR: "var/vx-state" } });
    const sub = join(s.root, "src", "deep");
    mkdirSync(sub, { recursive: true });
    s.settings({ cost: { monthly_budget_usd: 0.01 } }, "settings.json");
    s.settings({ cost: { alert_threshold_pct: 50 } }, "settings.local.json");
    s.appendTranscript(
      assistantLine({
        sessionId: s.sessionId,
        cwd: sub,
        id: "m1",
        usage: { input_tokens: 1000, output_tokens: 100 },
      }),
    );
    const cli = (argv: string[]) => runCli(argv, { cwd: sub, env: s.env, now: "2026-11-20T12:00:00.000Z" });
    const projectState = join(s.root, "var", "vx-state");

    // The hook: project state under the project root (not the subfolder), the ledger in the user's folder.
    expect((await s.hook("Stop", { cwd: sub, stop_hook_active: false })).stderr).toBe("");
    expect(existsSync(join(projectState, ".gitignore"))).toBe(true);
    expect(existsSync(join(sub, "var"))).toBe(false);
    expect(existsSync(s.ledger)).toBe(true);
    const start = output(await s.hook("SessionStart", { cwd: sub, source: "startup" }));
    const hookBudget = /Budget: (\$[\d.]+) of (\$[\d.]+) spent/.exec(start?.systemMessage ?? "");
    expect(hookBudget?.[2]).toBe("$0.01");

    // The CLI: the same merged settings, with their sources.
    const shown = JSON.parse((await cli(["config", "show", "--json"])).stdout);
    expect(shown.optimization.cost).toMatchObject({ monthly_budget_usd: 0.01, alert_threshold_pct: 50 });
    expect(shown.sources["optimization.cost.monthly_budget_usd"]).toBe(".claude/settings.json");
    expect(shown.sources["optimization.cost.alert_threshold_pct"]).toBe(".claude/settings.local.json");
    // The same ledger (what the hook ingested is what the CLI reports), and the same project state folder.
    const budget = await cli(["cost", "budget", "--json", "--timezone", "UTC", "--no-store"]);
    expect(budget.code).toBe(0);
    const stored = JSON.parse((await cli(["cost", "budget", "--json", "--timezone", "UTC"])).stdout);
    expect(stored.budget).toBe(0.01);
    expect(`$${stored.spent.toFixed(2)}`).toBe(hookBudget?.[1]);
    expect(existsSync(join(sub, "home"))).toBe(false); // XDG_STATE_HOME wins over the CLI's home
    const r = await cli(["patterns", "recommend", "add a budget alert", "--json"]);
    expect(r.stderr).toBe("");
    const patterns = JSON.parse(r.stdout);
    expect(patterns.history.path).toBe(join(projectState, "tasks.jsonl"));
  });
});
