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
    expect(r.stdout).toContain("Agent gates (review) were skipped");
  });

  it("reports every gate as JSON and exits 0 when all pass", async () => {
    const { dir } = project({ build: script("0"), test: script("0") });
    const r = await runCli(["gates", "--json"], { cwd: dir, env: withoutClaude });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.level).toBe("standard");
    expect(json.results.map((x: { name: string; status: string }) => [x.name, x.status])).toEqual([
      ["build", "passed"],
      ["tests", "passed"],
      ["review", "skipped"],
    ]);
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
        const r = await runCli(["gates", "--json"], {
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
