import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { messagesText, startFakeMessagesApi } from "../../../packages/orchestrator/test/fake-api/server.js";
import { runGatesCommand } from "../src/commands/gates/run.js";
import type { CliContext } from "../src/context.js";
import { gitRepo } from "./git-repo.js";
import { runCli } from "./run-cli.js";

const node = process.execPath;
/** PATH without Claude Code (a dev dependency of this package, so on the PATH pnpm gives tests). */
const withoutClaude = {
  PATH: (process.env.PATH ?? "")
    .split(":")
    .filter((dir) => dir !== "" && !existsSync(join(dir, "claude")))
    .join(":"),
};
const script = (code: string) => `"${node}" -e "${code}"`;

function project(scripts: Record<string, string>) {
  const repo = gitRepo({
    "package.json": JSON.stringify({ name: "demo", scripts }),
    "src/app.ts": "export const a = 1;\n",
  });
  repo.write("src/app.ts", "export const a = 2;\n");
  return repo;
}

function capture(dir: string) {
  let stdout = "";
  const ctx: CliContext = {
    cwd: dir,
    env: { PATH: process.env.PATH ?? "" },
    home: dir,
    now: () => new Date(),
    stdout: (t) => {
      stdout += t;
    },
    stderr: () => {},
    color: false,
  };
  return { ctx, out: () => stdout };
}

describe("vextrus gates", () => {
  it("runs the gates the risk calls for, in parallel, and exits 1 when one fails", async () => {
    const { dir } = project({
      build: script("console.log('built')"),
      lint: script("setTimeout(()=>{},300)"),
      test: script("console.error('2 failing'); process.exit(1)"),
    });
    const r = await runCli(["gates", "--yes"], { cwd: dir, env: withoutClaude });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("Gates standard: build + lint + tests → review");
    expect(r.stdout).toMatch(/✖ tests failed in [\d.]+s \(exit 1\)/);
    expect(r.stdout).toContain("2 failing");
    expect(r.stdout).toContain(
      "1 required gate(s) did not run:\n  review: set ANTHROPIC_API_KEY, or put Claude Code (claude) on PATH\n",
    );
  });

  it("reports every gate as JSON; a required gate that did not run makes the run incomplete (exit 3)", async () => {
    const { dir } = project({ build: script("0"), test: script("0") });
    const r = await runCli(["gates", "--json"], { cwd: dir, env: withoutClaude });
    expect(r.code).toBe(3);
    const json = JSON.parse(r.stdout);
    expect(json.level).toBe("standard");
    expect(json.verdict).toBe("incomplete");
    expect(json.notRun).toEqual([
      {
        gate: "review",
        why: "no-agent-runner",
        enable: "set ANTHROPIC_API_KEY, or put Claude Code (claude) on PATH",
      },
      // The level lints, the project has no lint script: required all the same.
      { gate: "lint", why: "not-configured", enable: 'add a "lint" script to package.json' },
    ]);
    expect(json.results.map((x: { name: string; status: string }) => [x.name, x.status])).toEqual([
      ["build", "passed"],
      ["tests", "passed"],
      ["review", "skipped"],
    ]);
    const text = await runCli(["gates", "--yes"], { cwd: dir, env: withoutClaude });
    expect(text.code).toBe(3);
    expect(text.stdout).toContain(
      "Incomplete: 2 required gate(s) did not run (2 ran).\n" +
        "  review: set ANTHROPIC_API_KEY, or put Claude Code (claude) on PATH\n" +
        '  lint: add a "lint" script to package.json\n' +
        "Run with --allow-skipped to accept a run without them.\n",
    );
    // Accepted on purpose: the gates that ran passed, and the run says what it left out.
    const allowed = await runCli(["gates", "--json", "--allow-skipped"], { cwd: dir, env: withoutClaude });
    expect([allowed.code, JSON.parse(allowed.stdout).verdict]).toEqual([0, "passed"]);
  });

  it("in a folder without package.json nothing runs, and that is incomplete, not a pass", async () => {
    const repo = gitRepo({ "src/app.ts": "export const a = 1;\n" });
    repo.write("src/app.ts", "export const a = 2;\n");
    const r = await runCli(["gates", "--yes", "--full"], { cwd: repo.dir, env: withoutClaude });
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('  build: add a "build" script to package.json\n');
    expect(r.stdout).toContain("default times: no gate runs recorded yet");
    expect(
      (await runCli(["gates", "--yes", "--full", "--allow-skipped"], { cwd: repo.dir, env: withoutClaude }))
        .code,
    ).toBe(0);
  });

  it("times its estimate from recorded gate runs once there are some", async () => {
    const { dir } = project({ build: script("0"), lint: script("0"), test: script("0") });
    await runCli(["gates", "--yes", "--allow-skipped"], { cwd: dir, env: withoutClaude });
    const again = await runCli(["gates", "--yes", "--allow-skipped"], { cwd: dir, env: withoutClaude });
    const json = JSON.parse(
      (await runCli(["gates", "--json", "--allow-skipped"], { cwd: dir, env: withoutClaude })).stdout,
    );
    expect(json.timeEstimate.measured).toEqual(["build", "lint", "tests"]);
    expect(json.timeEstimate.defaults).toContain("review");
    expect(again.stdout).toMatch(
      /\(about [\d.]+ min, recorded for build, lint, tests; defaults for the rest\)/,
    );
    // The dashboard lists every gate recorded, those that never ran too.
    const dashboard = (await runCli(["dashboard"], { cwd: dir, env: withoutClaude })).stdout;
    const section = dashboard.slice(dashboard.indexOf("Quality gates"), dashboard.indexOf("Suggestions"));
    expect(section).toMatch(/ build +3 runs +100\.0% pass/);
    expect(section).toMatch(/ lint +3 runs +100\.0% pass/);
    expect(section).toMatch(/ tests +3 runs +100\.0% pass/);
    expect(section).toMatch(/ review +3 runs +— pass +avg — +3 not run/);
  });

  it("asks before running on a terminal: n runs nothing, full runs every level", async () => {
    const { dir, write } = project({ build: script("0") });
    write("marker.txt", "");
    const no = capture(dir);
    expect(await runGatesCommand(no.ctx, { isTTY: true, ask: async () => "n" })).toBe(0);
    expect(no.out()).toContain("Not run.");
    expect(no.out()).not.toContain("▶ build");
    const full = capture(dir);
    await runGatesCommand(full.ctx, { isTTY: true, ask: async () => "full", json: false });
    expect(full.out()).toContain("Gates comprehensive:");
    expect(full.out()).toContain("▶ build");
  });

  it("takes gates from optimization.quality.gates, argv arrays only", async () => {
    const { dir } = project({});
    const claude = join(dir, ".claude");
    mkdirSync(claude, { recursive: true });
    writeFileSync(
      join(claude, "settings.json"),
      JSON.stringify({
        optimization: { quality: { gates: { typecheck: { command: [node, "-e", "0"], level: "minimal" } } } },
      }),
    );
    const ok = await runCli(["gates", "--json"], { cwd: dir });
    expect(JSON.parse(ok.stdout).results.map((x: { name: string }) => x.name)).toEqual(["typecheck"]);
    writeFileSync(
      join(claude, "settings.json"),
      JSON.stringify({
        optimization: { quality: { gates: { typecheck: { command: "tsc && rm -rf /", level: "minimal" } } } },
      }),
    );
    const bad = await runCli(["gates"], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^vextrus: optimization\.quality\.gates\.typecheck\.command: .*argv array/);
  });

  it("runs reviewer agents through the Messages API when a key is set: PASS passes, FAIL fails", async () => {
    const verdicts = ["PASS\nNo issues.", "FAIL\nSQL injection in src/app.ts"];
    for (const [i, verdict] of verdicts.entries()) {
      const api = await startFakeMessagesApi({ reply: () => ({ text: verdict }) });
      try {
        const { dir } = project({ build: script("0") });
        // Only a build script: lint and tests do not run, accepted here to look at the review alone.
        const r = await runCli(["gates", "--json", "--allow-skipped"], {
          cwd: dir,
          env: { PATH: process.env.PATH ?? "", ANTHROPIC_API_KEY: "test-key", ANTHROPIC_BASE_URL: api.url },
        });
        const review = JSON.parse(r.stdout).results.find((x: { name: string }) => x.name === "review");
        expect(review.status).toBe(i === 0 ? "passed" : "failed");
        expect(r.code).toBe(i === 0 ? 0 : 1);
        const sent = messagesText(api.messageRequests()[0]?.body);
        expect(sent).toContain("Answer with PASS or FAIL");
        expect(sent).toContain("+export const a = 2;");
      } finally {
        await api.close();
      }
    }
  });

  it("names --level's choices", async () => {
    const { dir } = project({});
    const r = await runCli(["gates", "--level", "extreme"], { cwd: dir });
    expect([r.code, r.stderr]).toEqual([
      1,
      "vextrus: --level extreme: expected one of auto, minimal, standard, thorough, comprehensive\n",
    ]);
  });
});
