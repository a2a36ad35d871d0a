import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { handleHook } from "../src/handle.js";
import { agentInput, completedResponse, NOW, output, sandbox } from "./harness.js";
import { invocations } from "./stores.js";

describe("input the hook cannot use: exit 0 and one line on stderr", () => {
  const s = sandbox();
  const cases: [name: string, event: string, stdin: string, stderr: RegExp][] = [
    ["empty stdin", "Stop", "", /^vextrus-hook: no input on stdin for Stop; nothing to do\n$/],
    ["not JSON", "Stop", "{ nope", /^vextrus-hook: stdin is not JSON \(.+\); ignored\n$/],
    ["a JSON array", "Stop", "[1,2]", /^vextrus-hook: input: expected object; ignored\n$/],
    [
      "no event name",
      "Stop",
      '{"session_id":"s"}',
      /^vextrus-hook: input\.hook_event_name: expected string; ignored\n$/,
    ],
    [
      "a field of the wrong type",
      "UserPromptSubmit",
      '{"hook_event_name":"UserPromptSubmit","prompt":42}',
      /^vextrus-hook: input\.prompt: expected string; ignored\n$/,
    ],
    [
      "an event it does not handle",
      "PreCompact",
      '{"hook_event_name":"PreCompact","trigger":"auto"}',
      /^vextrus-hook: unknown event "PreCompact"; nothing to do \(vextrus init registers the events it handles\)\n$/,
    ],
  ];
  for (const [name, event, stdin, stderr] of cases)
    it(name, async () => {
      const r = await s.hook(event, {}, stdin);
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(stderr);
    });

  it("takes the event from the payload when the command names none", async () => {
    const r = await handleHook(
      undefined,
      Buffer.from(JSON.stringify(s.payload("UserPromptSubmit", { prompt: "Rename x" }))),
      {
        env: s.env,
        home: s.home,
        now: () => NOW,
      },
    );
    expect(output(r)?.hookSpecificOutput?.hookEventName).toBe("UserPromptSubmit");
  });
});

describe("internal errors", () => {
  it("become one stderr line, with the stack in hooks.log", async () => {
    const s = sandbox();
    mkdirSync(s.ledger, { recursive: true }); // a folder where the usage database should be
    const r = await s.hook("SessionStart", { source: "startup" });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(
      /^vextrus-hook: SessionStart failed: .*is a folder.*\(details: \.claude\/state\/hooks\.log\)\n$/,
    );
    expect(r.stderr).not.toContain("    at ");
    const log = readFileSync(join(s.state, "hooks.log"), "utf8");
    expect(log).toMatch(new RegExp(`^${NOW.toISOString()} SessionStart pid=\\d+ VextrusCostError`));
    expect(log).toContain("    at ");
  });

  it("rotates hooks.log past 1 MB", async () => {
    const s = sandbox();
    writeFileSync(join(s.state, "hooks.log"), "x".repeat(1024 * 1024 + 1));
    mkdirSync(s.ledger, { recursive: true });
    await s.hook("SessionStart", { source: "startup" });
    expect(readFileSync(join(s.state, "hooks.log.1"), "utf8")).toHaveLength(1024 * 1024 + 1);
    expect(readFileSync(join(s.state, "hooks.log"), "utf8")).toContain("SessionStart pid=");
  });

  it("reports a damaged metrics database and leaves the file as it was", async () => {
    const s = sandbox();
    writeFileSync(join(s.state, "metrics.db"), "this is not a database, just text ".repeat(200));
    const r = await s.hook("PostToolUse", {
      tool_name: "Agent",
      tool_input: agentInput("Find x"),
      tool_use_id: "toolu_1",
      tool_response: completedResponse("a1", "x"),
    });
    expect(r.exitCode).toBe(0);
    expect(r.stderr.split("\n").filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toMatch(/^vextrus-hook: PostToolUse failed: /);
    expect(readFileSync(join(s.state, "metrics.db"), "utf8")).toContain("this is not a database");
  });
});

describe("where the project and its state are", () => {
  it("creates the state folder as `vextrus init` does (0700, git-ignored) before writing to it", async () => {
    const s = sandbox();
    rmSync(s.state, { recursive: true, force: true });
    expect((await s.hook("UserPromptSubmit", { prompt: "Rename the helper" })).exitCode).toBe(0);
    expect(statSync(s.state).mode & 0o777).toBe(0o700);
    expect(readFileSync(join(s.state, ".gitignore"), "utf8")).toMatch(/^\*$/m);
  });

  it("writes nowhere when there is no project: no CLAUDE_PROJECT_DIR and no .claude or .git above the cwd", async () => {
    const s = sandbox();
    const loose = mkdtempSync(join(tmpdir(), "vx-no-project-"));
    try {
      const r = await handleHook(
        "UserPromptSubmit",
        Buffer.from(JSON.stringify(s.payload("UserPromptSubmit", { prompt: "hi", cwd: loose }))),
        {
          env: { CLAUDE_CONFIG_DIR: s.configDir, HOME: s.home },
          home: s.home,
          now: () => NOW,
        },
      );
      expect(r).toMatchObject({ stdout: "", exitCode: 0 });
      expect(r.stderr).toContain(`no project at ${loose}`);
      expect(readdirSync(loose)).toEqual([]);
    } finally {
      rmSync(loose, { recursive: true, force: true });
    }
  });

  it("writes nothing at all for input it cannot use", async () => {
    const s = sandbox();
    rmSync(s.state, { recursive: true, force: true });
    await s.hook("UserPromptSubmit", {}, "{ not json");
    expect(existsSync(s.state)).toBe(false);
  });

  it("finds the project from a subfolder's cwd", async () => {
    const s = sandbox();
    mkdirSync(join(s.root, "src", "deep"), { recursive: true });
    await s.hook("UserPromptSubmit", { prompt: "Rename x", cwd: join(s.root, "src", "deep") });
    expect(existsSync(join(s.state, "turns", `${s.sessionId}.json`))).toBe(true);
  });

  it("uses CLAUDE_PROJECT_DIR over the cwd, and VEXTRUS_STATE_DIR for the state", async () => {
    const s = sandbox();
    const other = sandbox();
    s.env.CLAUDE_PROJECT_DIR = other.root;
    s.env.VEXTRUS_STATE_DIR = join(s.base, "elsewhere");
    await s.hook("PostToolUse", {
      tool_name: "Agent",
      tool_input: agentInput("Find x"),
      tool_use_id: "toolu_1",
      tool_response: completedResponse("a1", "x"),
    });
    expect(invocations(join(s.base, "elsewhere"))).toHaveLength(1);
    expect(existsSync(join(s.state, "metrics.db"))).toBe(false);
    expect(existsSync(join(other.state, "metrics.db"))).toBe(false);
  });
});

describe("every feature `vextrus rollback` can turn off, off at once", () => {
  it("leaves every event quiet, and still records subagent runs", async () => {
    const s = sandbox({ git: { branch: "feature/payment-retry" } });
    // What `vextrus rollback <feature>` writes for each of its features, hooks' or not.
    s.settings({
      cost: { auto_model_selection: false },
      latency: { agent_caching_enabled: false, parallel_quality_gates: false, predictive_prewarming: false },
      quality: { risk_based_gates: false },
      coordination: {
        speculative_execution: false,
        hierarchical_orchestration: false,
        streaming_pipeline: false,
      },
      monitoring: { show_dashboard_on_start: false },
    });
    const call = { tool_name: "Agent", tool_input: agentInput("Find x"), tool_use_id: "toolu_1" };
    const quiet = { stdout: "", stderr: "", exitCode: 0 };
    expect(await s.hook("SessionStart", { source: "startup" })).toEqual(quiet);
    expect(await s.hook("UserPromptSubmit", { prompt: "Fix the payment flow" })).toEqual(quiet);
    expect(await s.hook("PreToolUse", call)).toEqual(quiet);
    expect(await s.hook("PostToolUse", { ...call, tool_response: completedResponse("a1", "x") })).toEqual(
      quiet,
    );
    expect(await s.hook("PreToolUse", { ...call, tool_use_id: "toolu_2" })).toEqual(quiet);
    expect(await s.hook("Stop", { stop_hook_active: false })).toEqual(quiet);
    expect(invocations(s.state).map((r) => r.id)).toEqual(["toolu_1"]);
    expect(existsSync(join(s.state, "cache.db"))).toBe(false);
  });
});
