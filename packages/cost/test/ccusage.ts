import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface CcusageRow {
  date?: string;
  month?: string;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  totalTokens: number;
  totalCost: number;
}

/** Runs the real ccusage (npm, with its native linux-x64 binary) on a Claude config folder. */
export function runCcusage(
  report: "daily" | "monthly",
  configDir: string,
): { rows: CcusageRow[]; totals: CcusageRow } {
  const cli = createRequire(import.meta.url)
    .resolve("ccusage/package.json")
    .replace(/package\.json$/, "src/cli.js");
  // An empty HOME keeps ccusage from finding anything but the folder under test.
  const home = mkdtempSync(join(tmpdir(), "vx-ccusage-home-"));
  const out = execFileSync(
    process.execPath,
    [cli, "claude", report, "--offline", "--json", "--timezone", "UTC"],
    {
      env: { PATH: process.env.PATH, HOME: home, TZ: "UTC", CLAUDE_CONFIG_DIR: configDir },
      encoding: "utf8",
    },
  );
  const parsed = JSON.parse(out);
  return { rows: parsed[report], totals: parsed.totals };
}

/** Runs ccusage's `claude <args…>` with `--offline --json` and returns its parsed output, for weekly and blocks. */
export function runCcusageJson(
  args: readonly string[],
  configDir: string,
  tz = "UTC",
): Record<string, unknown> {
  const cli = createRequire(import.meta.url)
    .resolve("ccusage/package.json")
    .replace(/package\.json$/, "src/cli.js");
  const home = mkdtempSync(join(tmpdir(), "vx-ccusage-home-"));
  const out = execFileSync(process.execPath, [cli, "claude", ...args, "--offline", "--json"], {
    env: { PATH: process.env.PATH, HOME: home, TZ: tz, CLAUDE_CONFIG_DIR: configDir },
    encoding: "utf8",
  });
  return JSON.parse(out);
}
