import { describe, expect, it } from "vitest";
import { memoryFs } from "../test/memory-fs.js";
import {
  effectiveValues,
  mergeOptimization,
  readProjectSettings,
  readSettingsFile,
  renderSettings,
} from "./settings.js";

const files = (shared: unknown, local?: unknown) =>
  memoryFs({
    "/p/.claude/settings.json": typeof shared === "string" ? shared : JSON.stringify(shared, null, 4),
    ...(local !== undefined && {
      "/p/.claude/settings.local.json": typeof local === "string" ? local : JSON.stringify(local),
    }),
  });

describe("settings files", () => {
  it("merges the local file over the shared one, one level deep per section, remembering sources", () => {
    const fs = files(
      {
        optimization: {
          cost: { monthly_budget_usd: 100, enabled: false },
          quality: { risk_preference: "full" },
        },
      },
      { optimization: { cost: { monthly_budget_usd: 50 }, latency: false } },
    );
    const settings = readProjectSettings({
      fs,
      projectRoot: "/p",
      defaults: {
        cost: { monthly_budget_usd: 500, alert_threshold_pct: 80 },
        latency: { hook_daemon: false },
      },
    });
    expect(settings.optimization).toEqual({
      cost: { monthly_budget_usd: 50, alert_threshold_pct: 80, enabled: false },
      latency: false,
      quality: { risk_preference: "full" },
    });
    expect(effectiveValues(settings)).toEqual([
      { path: "optimization.cost.monthly_budget_usd", value: 50, source: ".claude/settings.local.json" },
      { path: "optimization.cost.alert_threshold_pct", value: 80, source: "default" },
      { path: "optimization.cost.enabled", value: false, source: ".claude/settings.json" },
      // A section replaced by a value that is not an object: the value, from its file, and no stale keys.
      { path: "optimization.latency", value: false, source: ".claude/settings.local.json" },
      { path: "optimization.quality.risk_preference", value: "full", source: ".claude/settings.json" },
    ]);
  });

  it("reads nothing outside a project: the defaults alone", () => {
    const settings = readProjectSettings({
      fs: memoryFs({}),
      projectRoot: undefined,
      defaults: { cost: { a: 1 } },
    });
    expect(settings.files).toEqual([]);
    expect(settings.optimization).toEqual({ cost: { a: 1 } });
  });

  it("strict mode throws a typed error naming the file; lenient mode notes it and skips the file", () => {
    const fs = files("{ not json", { optimization: { cost: { enabled: false } } });
    expect(() => readProjectSettings({ fs, projectRoot: "/p" })).toThrow(
      expect.objectContaining({
        name: "VextrusConfigError",
        code: "SETTINGS_INVALID",
        message: expect.stringMatching(
          /\.claude\/settings\.json: not valid JSON .*fix the file or remove it/,
        ),
      }),
    );
    const notes: string[] = [];
    const lenient = readProjectSettings({
      fs,
      projectRoot: "/p",
      mode: "lenient",
      note: (m) => notes.push(m),
    });
    expect(lenient.optimization).toEqual({ cost: { enabled: false } });
    expect(notes).toEqual([
      ".claude/settings.json is not valid JSON; its settings are ignored (check it with `vextrus config validate`)",
    ]);
  });

  it("an optimization that is not an object: an error in strict mode, skipped in lenient mode", () => {
    const fs = files({ optimization: [1] }, { optimization: { cost: { enabled: false } } });
    expect(() => readProjectSettings({ fs, projectRoot: "/p" })).toThrow(
      /\.claude\/settings\.json: optimization: expected an object/,
    );
    const notes: string[] = [];
    const merged = mergeOptimization(
      readProjectSettings({ fs, projectRoot: "/p", mode: "lenient", note: () => {} }).files,
      { mode: "lenient", note: (m) => notes.push(m) },
    );
    expect(merged.optimization).toEqual({ cost: { enabled: false } });
    expect(notes).toEqual([".claude/settings.json: optimization: expected an object; ignored"]);
  });

  it("keeps a file's indentation and final newline for writing it back", () => {
    const file = readSettingsFile({ fs: files({ a: 1 }), projectRoot: "/p", name: "settings.json" });
    expect(file.indent).toBe("    ");
    expect(renderSettings(file, { a: 2 })).toBe('{\n    "a": 2\n}');
    const missing = readSettingsFile({ fs: files({}), projectRoot: "/p", name: "settings.local.json" });
    expect(missing.exists).toBe(false);
    expect(renderSettings(missing, { a: 2 })).toBe('{\n  "a": 2\n}\n');
  });
});
