// `vextrus cost …` runs a program that holds only the cost commands, built as one file (src/cost-main.ts): it must
// answer every cost command, help and mistake as the full CLI does.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { defaultCodeCacheDir } from "@vextrus/code-cache";
import { describe, expect, it } from "vitest";
import { main as costMain } from "../src/cost-main.js";
import { runWithModuleProbe } from "./module-probe.js";
import { runCli } from "./run-cli.js";

const here = dirname(fileURLToPath(import.meta.url));
const sample = join(here, "..", "..", "..", "packages", "cost", "test", "fixtures", "sample");
const dist = join(here, "..", "dist");
const bin = join(here, "..", "bin", "vextrus.js");

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "vx-cost-entry-"));
  mkdirSync(join(dir, ".claude"));
  return dir;
}

const CASES: string[][] = [
  ["cost", "--json", "--timezone", "UTC"],
  ["cost", "daily", "--timezone", "UTC", "--breakdown"],
  ["cost", "weekly", "--json", "--timezone", "UTC", "--start-of-week", "monday"],
  ["cost", "session", "--json", "--order", "asc"],
  ["cost", "blocks", "--json", "--timezone", "UTC"],
  ["cost", "budget", "--json"],
  ["cost", "--help"],
  ["cost", "daily", "--help"],
  ["cost", "dialy"],
  ["cost", "daily", "--bogus"],
  ["cost", "daily", "--order", "sideways"],
  ["cost", "monthly", "--since", "20261301"],
  ["cost", "session", "--id", "no-such-session", "--json"],
  ["cost", "weekly", "--team"],
  ["cost", "blocks", "--team"],
];

describe("the cost entry (src/cost-main.ts)", () => {
  it.each(CASES.map((argv) => [argv.join(" "), argv]))(
    "answers `%s` as the full CLI does",
    async (_, argv) => {
      const opts = { env: { CLAUDE_CONFIG_DIR: sample, NO_COLOR: "1" } };
      const full = await runCli(argv, { ...opts, cwd: project() });
      const alone = await runCli(argv, { ...opts, cwd: project(), entry: costMain });
      expect({ code: alone.code, stdout: alone.stdout, stderr: alone.stderr }).toEqual({
        code: full.code,
        stdout: full.stdout,
        stderr: full.stderr,
      });
      // The cases cover answers and mistakes both.
      expect(full.stdout + full.stderr).not.toBe("");
    },
  );

  const argv = ["cost", "daily", "--json", "--timezone", "UTC"];
  it("is what the built `vextrus cost` runs: one file with its code cache, and answers as the built full CLI", () => {
    const cwd = project();
    const env = {
      PATH: process.env.PATH,
      CLAUDE_CONFIG_DIR: sample,
      NO_COLOR: "1",
      // The code cache's folder is in the OS temp folder: this run's own.
      TMPDIR: mkdtempSync(join(tmpdir(), "vx-cost-entry-tmp-")),
    };
    const viaBin = runWithModuleProbe([bin, ...argv], {
      cwd,
      env: { ...env, HOME: join(cwd, "home") },
      files: true,
    });
    expect(viaBin.status, viaBin.stderr).toBe(0);
    // The loader is the one module it imports from dist/; the program is dist/cost.cjs, run with a code cache.
    const loaded = viaBin.files.filter((url) => url.startsWith(pathToFileURL(dist).href));
    expect(loaded).toEqual([pathToFileURL(join(dist, "run-bundle.js")).href]);
    const caches = () => readdirSync(defaultCodeCacheDir(env.TMPDIR)).sort();
    expect(caches()).toEqual([expect.stringMatching(/^cost\.cjs-\w+-daily-.*\.v8cache$/)]);
    // A cache per subcommand, each holding what it calls; none for a mistyped one.
    const runAs = (...args: string[]) =>
      spawnSync(process.execPath, [bin, ...args], { cwd, env: { ...env, HOME: join(cwd, "home") } });
    expect(runAs("cost", "session", "--json").status).toBe(0);
    expect(runAs("cost", "dayly").status).not.toBe(0);
    expect(caches()).toEqual([
      expect.stringMatching(/^cost\.cjs-\w+-daily-.*\.v8cache$/),
      expect.stringMatching(/^cost\.cjs-\w+-session-.*\.v8cache$/),
    ]);

    const other = project();
    const script = `const { main } = await import(${JSON.stringify(pathToFileURL(join(dist, "main.js")).href)}); process.exitCode = await main(process.argv.slice(1));`;
    const viaMain = spawnSync(process.execPath, ["--input-type=module", "-e", script, "--", ...argv], {
      cwd: other,
      env: { ...env, HOME: join(other, "home") },
      encoding: "utf8",
    });
    expect(viaMain.status, viaMain.stderr).toBe(0);
    expect(JSON.parse(viaBin.stdout)).toEqual(JSON.parse(viaMain.stdout));
    expect(JSON.parse(viaBin.stdout).rows.length).toBeGreaterThan(0);
  });

  it("leaves every other command to the full CLI", () => {
    const cwd = project();
    const r = runWithModuleProbe([bin, "risk", "--help"], {
      cwd,
      env: { PATH: process.env.PATH, HOME: join(cwd, "home") },
      files: true,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.files).toContain(pathToFileURL(join(dist, "main.js")).href);
    expect(r.files).not.toContain(pathToFileURL(join(dist, "run-bundle.js")).href);
  });
});
