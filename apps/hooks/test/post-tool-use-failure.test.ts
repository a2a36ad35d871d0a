import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { agentInput, assistantLine, output, SONNET_PICO, sandbox, toolUse } from "./harness.js";
import { invocations } from "./stores.js";

const PROMPT = "Migrate the invoice table to the new schema";
const AGENT_ID = "a0f3b2c1d4e5f6071";
const TOOL_USE = "toolu_failed_1";

/** The subagent got one request in before it failed: its transcript and the meta file naming the call. */
function startedThenFailed(s: ReturnType<typeof sandbox>) {
  s.write("db/invoice.sql", "create table invoice (id int);\n");
  s.subagentTranscript(AGENT_ID, [
    assistantLine({
      sessionId: s.sessionId,
      cwd: s.root,
      id: "m1",
      agentId: AGENT_ID,
      usage: { input_tokens: 4000, output_tokens: 500 },
      content: [toolUse("Read", { file_path: join(s.root, "db/invoice.sql") })],
    }),
  ]);
  const dir = join(s.projectDir, s.sessionId, "subagents");
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, `agent-${AGENT_ID}.meta.json`),
    JSON.stringify({ agentType: "general-purpose", toolUseId: TOOL_USE, spawnDepth: 1, finished: false }),
  );
}

const failure = (isInterrupt: boolean) => ({
  tool_name: "Agent",
  tool_input: agentInput(PROMPT, "general-purpose"),
  tool_use_id: TOOL_USE,
  error: isInterrupt ? "Interrupted by user" : "Agent failed: model overloaded",
  is_interrupt: isInterrupt,
  duration_ms: 9_100,
});

describe("PostToolUseFailure on Agent", () => {
  it("records the failed run with what it cost so far, found through the agent's meta file, and caches nothing", async () => {
    const s = sandbox();
    startedThenFailed(s);
    expect(await s.hook("PostToolUseFailure", failure(false))).toEqual({
      stdout: "",
      stderr: "",
      exitCode: 0,
    });
    expect(invocations(s.state)).toMatchObject([
      {
        id: TOOL_USE,
        agentType: "general-purpose",
        success: false,
        failureMode: "tool-error",
        durationMs: 9_100,
        tokens: { input: 4000, output: 500 },
        costPico: 4000n * SONNET_PICO.input + 500n * SONNET_PICO.output,
      },
    ]);
    const next = output(
      await s.hook("PreToolUse", { tool_name: "Agent", tool_input: agentInput(PROMPT, "general-purpose") }),
    );
    expect(next?.hookSpecificOutput?.permissionDecision).toBeUndefined();
  });

  it("calls an interrupted run interrupted, and records it even when no transcript is found", async () => {
    const s = sandbox();
    await s.hook("PostToolUseFailure", failure(true));
    expect(invocations(s.state)).toMatchObject([
      {
        id: TOOL_USE,
        success: false,
        failureMode: "interrupted",
        costPico: 0n,
        tokens: { input: 0, output: 0 },
      },
    ]);
  });

  it("leaves other tools' failures alone", async () => {
    const s = sandbox();
    await s.hook("PostToolUseFailure", {
      tool_name: "Bash",
      tool_input: { command: "false" },
      tool_use_id: "t",
    });
    expect(invocations(s.state)).toEqual([]);
  });
});
