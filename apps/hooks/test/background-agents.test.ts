import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  agentInput,
  assertBuilt,
  assistantLine,
  completedResponse,
  NOW,
  output,
  runHookProcess,
  type Sandbox,
  SONNET,
  sandbox,
  toolUse,
} from "./harness.js";
import { invocations, readUsage } from "./stores.js";

const PROMPT = "Find every caller of chargeCard";
const AGENT = "b9e8d7c6a5f4";

const launch = (s: Sandbox, toolUseId = "toolu_bg1", agentId = AGENT) =>
  s.hook("PostToolUse", {
    tool_name: "Agent",
    tool_input: agentInput(PROMPT, "Explore", { run_in_background: true }),
    tool_use_id: toolUseId,
    tool_response: {
      status: "async_launched",
      agentId,
      description: "Look around",
      prompt: PROMPT,
      outputFile: `/tmp/claude/tasks/${agentId}.output`,
    },
  });

const stopped = (s: Sandbox, agentId = AGENT, transcript?: string) =>
  s.hook("SubagentStop", {
    stop_hook_active: false,
    agent_id: agentId,
    agent_type: "Explore",
    agent_transcript_path:
      transcript ?? join(s.projectDir, s.sessionId, "subagents", `agent-${agentId}.jsonl`),
    last_assistant_message: "chargeCard is called from src/billing.ts only.",
  });

function ran(s: Sandbox, agentId = AGENT) {
  s.write("src/billing.ts", "chargeCard();\n");
  return s.subagentTranscript(agentId, [
    assistantLine({
      sessionId: s.sessionId,
      cwd: s.root,
      id: `bg-${agentId}`,
      agentId,
      usage: { input_tokens: 4000, output_tokens: 600 },
      content: [toolUse("Read", { file_path: join(s.root, "src/billing.ts") })],
    }),
  ]);
}

describe("background agents: PostToolUse async_launched, then SubagentStop", () => {
  it("records the run once, when it ends, and caches its report", async () => {
    const s = sandbox();
    expect(await launch(s)).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    const pendingPath = join(s.state, "agents", `${AGENT}.json`);
    expect(JSON.parse(readFileSync(pendingPath, "utf8"))).toMatchObject({
      toolUseId: "toolu_bg1",
      startedAt: NOW.getTime(),
      input: { prompt: PROMPT, subagent_type: "Explore", run_in_background: true },
    });
    expect(existsSync(join(s.state, "metrics.db"))).toBe(false);

    ran(s);
    s.setNow(new Date(NOW.getTime() + 90_000));
    expect(await stopped(s)).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    expect(existsSync(pendingPath)).toBe(false);
    expect(invocations(s.state)).toEqual([
      expect.objectContaining({
        id: "toolu_bg1",
        agentType: "Explore",
        model: SONNET,
        durationMs: 90_000,
        tokens: { input: 4000, output: 600, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 },
        costPico: BigInt(4000 * 3_000_000 + 600 * 15_000_000),
        cacheHit: false,
      }),
    ]);
    // SubagentStop also brought the usage store up to date with the subagent's transcript.
    expect(readUsage(s.ledger).keys).toEqual([`msg_bg-${AGENT}:req_bg-${AGENT}`]);

    // Claude Code may send SubagentStop again (a resumed agent): the run is not counted twice.
    await stopped(s);
    expect(invocations(s.state)).toHaveLength(1);

    const hit = output(
      await s.hook("PreToolUse", {
        tool_name: "Agent",
        tool_input: agentInput(PROMPT),
        tool_use_id: "toolu_2",
      }),
    );
    expect(hit?.hookSpecificOutput?.permissionDecisionReason).toContain(
      "(src/billing.ts). Its report follows; use it as this call's result.",
    );
    expect(
      hit?.hookSpecificOutput?.permissionDecisionReason?.endsWith(
        "chargeCard is called from src/billing.ts only.",
      ),
    ).toBe(true);
  });

  it("records a foreground agent at PostToolUse only, not again at its SubagentStop", async () => {
    const s = sandbox();
    ran(s);
    await s.hook("PostToolUse", {
      tool_name: "Agent",
      tool_input: agentInput(PROMPT),
      tool_use_id: "toolu_fg",
      tool_response: completedResponse(AGENT, "src/billing.ts"),
    });
    expect(await stopped(s)).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    expect(invocations(s.state).map((r) => r.id)).toEqual(["toolu_fg"]);
  });

  it("still records a background run whose transcript is gone, at no known cost, and does not cache it", async () => {
    const s = sandbox();
    await launch(s);
    const r = await stopped(s, AGENT, join(s.base, "missing.jsonl"));
    expect(r).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    expect(invocations(s.state)).toEqual([
      expect.objectContaining({
        id: "toolu_bg1",
        model: "unknown",
        costPico: 0n,
        tokens: { input: 0, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 },
      }),
    ]);
    const again = output(
      await s.hook("PreToolUse", {
        tool_name: "Agent",
        tool_input: agentInput(PROMPT),
        tool_use_id: "toolu_2",
      }),
    );
    expect(again?.hookSpecificOutput?.permissionDecision).toBeUndefined();
  });

  it("does not read a device as a transcript", async () => {
    assertBuilt();
    const s = sandbox();
    await launch(s);
    // /dev/zero never ends and reports size 0: reading it would hang the hook. In a process, so a hang is a
    // failed test (killed after 15 s), not a stalled test run.
    const payload = s.payload("SubagentStop", {
      stop_hook_active: false,
      agent_id: AGENT,
      agent_type: "Explore",
      agent_transcript_path: "/dev/zero",
      last_assistant_message: "done",
    });
    const r = await runHookProcess("SubagentStop", JSON.stringify(payload), {
      env: s.env,
      cwd: s.root,
      timeoutMs: 15_000,
    });
    expect(r).toEqual({ code: 0, signal: null, stdout: "", stderr: "" });
    expect(invocations(s.state)).toHaveLength(1);
  });

  it("keeps no pending file for an agent id that is not a plain name", async () => {
    const s = sandbox();
    await launch(s, "toolu_x", "../../escape");
    expect(existsSync(join(s.state, "agents"))).toBe(false);
    expect(existsSync(join(s.root, "escape.json"))).toBe(false);
  });
});

describe("background agents that never report", () => {
  it("are forgotten at their session's SessionEnd, and after a week whatever the session", async () => {
    const s = sandbox();
    await launch(s, "toolu_a", "agentmine1");
    const pending = (id: string) => existsSync(join(s.state, "agents", `${id}.json`));
    // Another session's agent: one still running, one launched eight days ago.
    const other = (id: string, startedAt: number) =>
      writeFileSync(
        join(s.state, "agents", `${id}.json`),
        JSON.stringify({
          input: agentInput(PROMPT),
          toolUseId: `toolu_${id}`,
          startedAt,
          sessionId: "other",
        }),
      );
    other("agentlive1", NOW.getTime() - 3600_000);
    other("agentold01", NOW.getTime() - 8 * 24 * 3600_000);
    expect(["agentmine1", "agentlive1", "agentold01"].map(pending)).toEqual([true, true, true]);

    await s.hook("Stop", { stop_hook_active: false });
    expect(pending("agentmine1")).toBe(true); // a turn's end is not the agent's

    expect((await s.hook("SessionEnd", { reason: "prompt_input_exit" })).exitCode).toBe(0);
    expect(["agentmine1", "agentlive1", "agentold01"].map(pending)).toEqual([false, true, false]);
    expect(invocations(s.state)).toEqual([]);
  });
});
