import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeReply } from "../../../packages/orchestrator/test/fake-api/server.js";
import { CLAUDE, type ClaudeProject, initClaudeProject, run } from "./claude-project.js";

// The status line inside a real interactive Claude Code 2.1.332 session: `script` gives `claude` a terminal, the
// model is the fake API, and the statusLine that `vextrus init --statusline` wrote runs our built CLI. A plan
// (OAuth) session, so Claude Code sends `rate_limits`, made from the headers a plan user's responses carry.

// Ahead of the clock: Claude Code drops a window whose reset time has passed (a fixed date failed once it had).
const RESETS = Math.floor(Date.now() / 3_600_000 + 3) * 3_600;
const PLAN_HEADERS = {
  "anthropic-ratelimit-unified-status": "allowed",
  "anthropic-ratelimit-unified-5h-utilization": "0.42",
  "anthropic-ratelimit-unified-5h-reset": String(RESETS),
  "anthropic-ratelimit-unified-5h-status": "allowed",
  "anthropic-ratelimit-unified-7d-utilization": "0.17",
  "anthropic-ratelimit-unified-7d-reset": String(RESETS + 3 * 86_400),
  "anthropic-ratelimit-unified-7d-status": "allowed",
};
const USAGE = {
  input_tokens: 40_000,
  output_tokens: 2_000,
  cache_read_input_tokens: 0,
  cache_creation_input_tokens: 0,
};

// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences are what is stripped
const ANSI = /\u001b\[[0-9;?>=]*[A-Za-z]|\u001b\][^\u0007]*\u0007|\u001b[()][A-Z0-9]/g;

let setup: ClaudeProject;
let screen = "";
let exited: number | null | undefined;
let payloads: Record<string, unknown>[] = [];
/** Every line our statusline printed, in order. */
let lines: string[] = [];

const reply = (): FakeReply => ({ text: "Hi there.", usage: USAGE, headers: PLAN_HEADERS });

async function until(what: string, check: () => boolean, ms = 90_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (exited !== undefined)
      throw new Error(`claude exited (${exited}) before ${what}:\n${screen.slice(-2000)}`);
    if (Date.now() > end)
      throw new Error(`timed out waiting for ${what}; screen so far:\n${screen.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  setup = await initClaudeProject({ "a.txt": "hi\n" }, reply);
  const { env, project, tmp } = setup;
  const init = await run("vextrus", ["init", "--statusline"], { cwd: project.dir, env });
  expect(init.stdout).toMatch(/status line/i);

  // Keep what Claude Code sends: the statusLine init wrote, behind a tee.
  const settingsFile = join(project.dir, ".claude", "settings.json");
  const settings = JSON.parse(readFileSync(settingsFile, "utf8"));
  const log = join(tmp, "payloads.jsonl");
  const out = join(tmp, "statusline.out");
  const ours = settings.statusLine.command as string;
  expect(ours).toMatch(/vextrus(\.js)?"? statusline$/);
  settings.statusLine.command = `tee -a '${log}' | ${ours} | tee -a '${out}'; echo >> '${log}'`;
  writeFileSync(settingsFile, JSON.stringify(settings));

  // A plan user past onboarding who trusts the project: what an interactive session needs to start at its prompt.
  const home = {
    hasCompletedOnboarding: true,
    projects: { [project.dir]: { hasTrustDialogAccepted: true } },
  };
  for (const dir of [env.HOME, env.CLAUDE_CONFIG_DIR])
    writeFileSync(join(String(dir), ".claude.json"), JSON.stringify(home));
  const { ANTHROPIC_API_KEY: _key, ...rest } = env;
  const planEnv = { ...rest, CLAUDE_CODE_OAUTH_TOKEN: "sk-ant-oat01-fake-token", TERM: "xterm-256color" };

  const claude: ChildProcess = spawn(
    "script",
    ["-qfec", `stty cols 220 rows 40; exec '${CLAUDE}'`, "/dev/null"],
    {
      cwd: project.dir,
      env: planEnv,
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  claude.on("exit", (code) => {
    exited = code;
  });
  claude.stdout?.on("data", (b: Buffer) => {
    screen += b.toString("utf8");
  });
  const read = () =>
    existsSync(log)
      ? readFileSync(log, "utf8")
          .split("\n")
          .filter((l) => l.trim())
          .map((l) => JSON.parse(l) as Record<string, unknown>)
      : [];
  try {
    await until(
      "the first status line",
      () => read().length > 0 && screen.replace(ANSI, "").includes("Sonnet"),
    );
    claude.stdin?.write("say hi");
    await new Promise((r) => setTimeout(r, 500));
    claude.stdin?.write("\r");
    await until("a status line after the reply", () =>
      read().some((p) => (p.cost as { total_cost_usd?: number } | undefined)?.total_cost_usd),
    );
    await until("the limits on screen", () => screen.replace(ANSI, "").includes("5h 42%"));
  } finally {
    payloads = read();
    lines = existsSync(out) ? readFileSync(out, "utf8").replace(ANSI, "").split("\n").filter(Boolean) : [];
    claude.kill("SIGKILL");
  }
}, 240_000);

afterAll(async () => {
  await setup?.close();
});

describe("vextrus statusline in a real Claude Code session", () => {
  it("Claude Code sends the fields we read: session, model, workspace, its cost, and a plan's rate_limits", () => {
    const last = payloads.at(-1) as {
      version: string;
      workspace: { project_dir: string };
      model: { display_name: string };
      cost: { total_cost_usd: number };
      rate_limits: unknown;
    };
    expect(last.version).toBe("2.1.332");
    expect(last.workspace.project_dir).toBe(setup.project.dir);
    expect(last.model.display_name).toEqual(expect.any(String));
    expect(last.cost.total_cost_usd).toBeGreaterThan(0);
    expect(last.rate_limits).toEqual({
      five_hour: { used_percentage: 42, resets_at: RESETS },
      seven_day: { used_percentage: 17, resets_at: RESETS + 3 * 86_400 },
    });
    // Before the first reply Claude Code has no rate limits to send.
    expect(payloads[0]?.rate_limits).toBeUndefined();
  });

  it("shows our line in Claude Code's footer: model, the session's cost from its transcript, the plan's limits", async () => {
    const text = screen.replace(ANSI, "");
    const model = (payloads.at(-1) as { model: { display_name: string } }).model.display_name;
    // Before the first reply there is no transcript yet: Claude Code's own $0.00, marked as such. (Claude Code
    // lets the command colour its line: the escapes are stripped here.)
    expect(lines[0]).toMatch(new RegExp(`^${model} \\| session \\$0\\.00 \\(Claude Code\\)`));
    expect(text).toContain(lines[0]?.split(" | ").slice(0, 2).join(" | "));
    // After it, the session's cost from the transcript, the same figure as vextrus cost session, and the limits.
    const { stdout } = await run("vextrus", ["cost", "session", "--json"], {
      cwd: setup.project.dir,
      env: setup.env,
    });
    const total = JSON.parse(stdout).rows[0].totalCost as number;
    const last = lines.at(-1) ?? "";
    expect(last).toMatch(
      new RegExp(`^${model} \\| session \\$${total.toFixed(2)} \\| today \\$.* \\| 5h 42% 7d 17% \\|`),
    );
    // Claude Code redraws only what changed; the limits reached the screen.
    expect(text).toContain("5h 42% 7d 17%");
  });

  it("kept Claude Code's own figure for the session next to ours, for vextrus cost session", async () => {
    const last = payloads.at(-1) as { session_id: string; cost: { total_cost_usd: number } };
    const { stdout } = await run("vextrus", ["cost", "session", "--json"], {
      cwd: setup.project.dir,
      env: setup.env,
    });
    const row = JSON.parse(stdout).rows.find((r: { sessionId: string }) => r.sessionId === last.session_id);
    expect(row.claudeCode.reportedCost).toBe(last.cost.total_cost_usd);
    expect(row.totalCost).toBeGreaterThan(0);
  });
});
