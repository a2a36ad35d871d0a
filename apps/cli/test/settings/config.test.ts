import { describe, expect, it } from "vitest";
import { read, readJson, run, tempProject, write } from "./helpers.js";

const LOCAL = ".claude/settings.local.json";
const SHARED = ".claude/settings.json";

describe("vextrus rollback", () => {
  it("turns a feature off in settings.local.json, keeps other content, and --undo turns it on", async () => {
    const root = tempProject();
    write(root, LOCAL, {
      permissions: { allow: ["Read"] },
      optimization: { cost: { monthly_budget_usd: 200 } },
    });
    const off = await run(["rollback", "agent-caching"], root);
    expect(off.code).toBe(0);
    expect(off.stdout).toContain("optimization.latency.agent_caching_enabled = false");
    expect(readJson(root, LOCAL)).toEqual({
      permissions: { allow: ["Read"] },
      optimization: { cost: { monthly_budget_usd: 200 }, latency: { agent_caching_enabled: false } },
    });
    expect(read(root, LOCAL)).toMatch(/^\{\n {2}"permissions"/);

    const list = await run(["rollback", "--list"], root);
    expect(list.stdout).toMatch(
      /agent-caching\s+off\s+optimization\.latency\.agent_caching_enabled \(\.claude\/settings\.local\.json\)/,
    );
    expect(list.stdout).toMatch(
      /cost-optimization\s+on\s+optimization\.cost\.auto_model_selection \(default\)/,
    );
    expect(list.stdout).toMatch(/speculative-execution\s+off\s+.*\(default\)/);
    expect(list.stdout.trim().split("\n")).toHaveLength(10);

    const on = await run(["rollback", "--undo", "agent-caching"], root);
    expect(on.code).toBe(0);
    expect(readJson(root, LOCAL)).toEqual({
      permissions: { allow: ["Read"] },
      optimization: { cost: { monthly_budget_usd: 200 }, latency: { agent_caching_enabled: true } },
    });
    expect((await run(["rollback", "--list"], root)).stdout).toMatch(/agent-caching\s+on /);
  });

  it("creates settings.local.json when needed and never touches settings.json", async () => {
    const root = tempProject();
    write(root, SHARED, { model: "opus", optimization: { monitoring: { show_dashboard_on_start: true } } });
    const shared = read(root, SHARED);
    await run(["rollback", "dashboard-on-start"], root);
    expect(readJson(root, LOCAL)).toEqual({
      optimization: { monitoring: { show_dashboard_on_start: false } },
    });
    expect(read(root, SHARED)).toBe(shared);
    expect((await run(["rollback", "--list"], root)).stdout).toMatch(/dashboard-on-start\s+off/);
  });

  it("hook-daemon is off until turned on with --undo, and validate names a wrong value", async () => {
    const root = tempProject();
    expect((await run(["rollback", "--list"], root)).stdout).toMatch(/hook-daemon\s+off/);
    await run(["rollback", "--undo", "hook-daemon"], root);
    expect(readJson(root, LOCAL)).toEqual({ optimization: { latency: { hook_daemon: true } } });
    expect((await run(["rollback", "--list"], root)).stdout).toMatch(/hook-daemon\s+on/);
    write(root, LOCAL, { optimization: { latency: { hook_daemon: "yes" } } });
    const r = await run(["config", "validate"], root);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "error: .claude/settings.local.json: optimization.latency.hook_daemon: expected true or false",
    );
  });

  it("an unknown feature exits 1 and lists the valid names", async () => {
    const root = tempProject();
    const r = await run(["rollback", "turbo"], root);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('unknown feature "turbo"');
    expect(r.stderr).toContain("cost-optimization, agent-caching, parallel-gates, risk-assessment");
    expect((await run(["rollback", "--undo", "nope"], root)).code).toBe(1);
  });
});

describe("vextrus config validate", () => {
  it("says valid for no settings and for good settings", async () => {
    const root = tempProject();
    expect(await run(["config", "validate"], root)).toMatchObject({ code: 0, stdout: "valid\n" });
    write(root, LOCAL, {
      optimization: {
        cost: { monthly_budget_usd: 100 },
        latency: { cache_ttl_hours: { code_review: 12 }, parallel_quality_gates: false },
        coordination: { speculative_execution: true },
        quality: { risk_preference: "full" },
        monitoring: { weekly_reports: false },
        complexity: { thresholds: { haiku: 25 } },
      },
    });
    expect(await run(["config", "validate"], root)).toMatchObject({ code: 0, stdout: "valid\n" });
  });

  it("exits 1 with one line per problem naming the file, the path and the fix", async () => {
    const root = tempProject();
    write(root, SHARED, { optimization: { quality: { risk_preference: "max" } } });
    write(root, LOCAL, {
      optimization: {
        cost: { monthly_budget_usd: -5, alert_threshold_pct: 500, budgett: 1 },
        coordination: { streaming_pipeline: "yes" },
        monitoring: { weekly_reports: 1 },
        latency: { predictive_prewarming: "no", cache_ttl_hours: { code_review: 0 } },
        complexity: { thresholds: { haiku: 200 } },
        turbo: {},
      },
    });
    const r = await run(["config", "validate"], root);
    expect(r.code).toBe(1);
    const errors = r.stdout.split("\n").filter((line) => line.startsWith("error: "));
    expect(errors).toEqual(
      expect.arrayContaining(
        [
          '.claude/settings.json: optimization.quality.risk_preference: expected "minimal", "recommended" or "full", got "max"',
          ".claude/settings.local.json: optimization.cost.monthly_budget_usd: expected a positive number, got -5",
          ".claude/settings.local.json: optimization.cost.alert_threshold_pct: expected a percentage between 1 and 100, got 500",
          '.claude/settings.local.json: optimization.coordination.streaming_pipeline: expected true or false, got "yes"',
          ".claude/settings.local.json: optimization.monitoring.weekly_reports: expected true or false, got 1",
          '.claude/settings.local.json: optimization.latency.predictive_prewarming: expected true or false, got "no"',
        ].map((line) => `error: ${line}`),
      ),
    );
    expect(errors.some((l) => l.includes("optimization.latency.cache_ttl_hours.code_review: expected"))).toBe(
      true,
    );
    expect(errors.some((l) => l.includes("optimization.complexity.thresholds.haiku: expected a score"))).toBe(
      true,
    );
    expect(r.stdout).toContain(
      "warning: .claude/settings.local.json: optimization.cost.budgett: unknown setting, ignored",
    );
    expect(r.stdout).toContain("warning: .claude/settings.local.json: optimization.turbo: unknown section");
    expect(r.stdout).toContain(`invalid: ${errors.length} problems`);
  });

  it("unknown keys alone are warnings, not errors", async () => {
    const root = tempProject();
    write(root, LOCAL, {
      optimization: { latency: { agent_caching_enabled: true, warp: 9 }, monitoring: { x: true } },
    });
    const r = await run(["config", "validate"], root);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("optimization.latency.warp: unknown setting");
    expect(r.stdout).toContain("optimization.monitoring.x: unknown setting");
    expect(r.stdout).toMatch(/valid\n$/);
  });
});

describe("vextrus config show", () => {
  it("shows defaults overlaid by settings.json then settings.local.json, with where each value comes from", async () => {
    const root = tempProject();
    write(root, SHARED, { optimization: { cost: { monthly_budget_usd: 300, alert_threshold_pct: 90 } } });
    write(root, LOCAL, {
      optimization: { cost: { monthly_budget_usd: 100 }, coordination: { speculative_execution: true } },
    });
    const r = await run(["config", "show"], root);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /optimization\.cost\.monthly_budget_usd\s+100\s+\.claude\/settings\.local\.json\n/,
    );
    expect(r.stdout).toMatch(/optimization\.cost\.alert_threshold_pct\s+90\s+\.claude\/settings\.json\n/);
    expect(r.stdout).toMatch(/optimization\.cost\.enabled\s+true\s+default\n/);
    expect(r.stdout).toMatch(
      /optimization\.coordination\.speculative_execution\s+true\s+\.claude\/settings\.local\.json\n/,
    );
    expect(r.stdout).toMatch(
      /optimization\.quality\.always_full_for\s+\["payment","security","auth","migration"\]\s+default\n/,
    );

    const json = JSON.parse((await run(["config", "show", "--json"], root)).stdout);
    expect(json.optimization.cost).toEqual({
      enabled: true,
      auto_model_selection: true,
      monthly_budget_usd: 100,
      alert_threshold_pct: 90,
      hard_budget_stop: false,
    });
    expect(json.optimization.latency.cache_ttl_hours).toEqual({
      code_review: 24,
      exploration: 1,
      architecture: 48,
      security_scan: 6,
    });
    expect(json.sources["optimization.cost.monthly_budget_usd"]).toBe(".claude/settings.local.json");
    expect(json.sources["optimization.cost.alert_threshold_pct"]).toBe(".claude/settings.json");
    expect(json.sources["optimization.monitoring.weekly_reports"]).toBe("default");
  });
});
