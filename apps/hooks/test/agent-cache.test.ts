import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  agentInput,
  assistantLine,
  completedResponse,
  NOW,
  output,
  type Payload,
  type Sandbox,
  SONNET,
  SONNET_PICO,
  sandbox,
  toolUse,
} from "./harness.js";
import { invocations } from "./stores.js";

const PROMPT = "Where is the retry delay of the payment webhook computed?";
const AGENT_ID = "a4f1c2e9b7d3";

function project() {
  const s = sandbox();
  s.write("src/app.ts", "export const app = 1;\n");
  s.write("src/util.ts", "export const delay = 5;\n");
  return s;
}

/**
 * The subagent's own transcript: it read `files`, in two requests. The first request's message streamed two
 * lines (the last one carries the final usage); each request is priced once.
 */
function subagentRan(s: Sandbox, files: string[], agentId = AGENT_ID) {
  const line = (id: string, usage: Parameters<typeof assistantLine>[0]["usage"], content?: unknown[]) =>
    assistantLine({ sessionId: s.sessionId, cwd: s.root, id, agentId, usage, ...(content && { content }) });
  return s.subagentTranscript(agentId, [
    line("s1", { input_tokens: 2000, output_tokens: 10, cache_creation_input_tokens: 1000 }),
    line(
      "s1",
      {
        input_tokens: 2000,
        output_tokens: 300,
        cache_creation_input_tokens: 1000,
        cache_creation: { ephemeral_5m_input_tokens: 1000, ephemeral_1h_input_tokens: 0 },
      },
      files.map((f, i) =>
        toolUse("Read", { file_path: f.startsWith("/") ? f : join(s.root, f) }, `toolu_r${i}`),
      ),
    ),
    line("s2", { input_tokens: 500, output_tokens: 800, cache_read_input_tokens: 3000 }),
  ]);
}

/** The two requests above at Sonnet 4.5 prices. */
const TRANSCRIPT_PICO =
  2000n * SONNET_PICO.input +
  300n * SONNET_PICO.output +
  1000n * SONNET_PICO.write5m +
  500n * SONNET_PICO.input +
  800n * SONNET_PICO.output +
  3000n * SONNET_PICO.read;

const call = (toolUseId: string, input: Payload = agentInput(PROMPT)): Payload => ({
  tool_name: "Agent",
  tool_input: input,
  tool_use_id: toolUseId,
});

const finished = (
  toolUseId: string,
  text = "It is computed in src/util.ts (delay = 5).",
  agentId = AGENT_ID,
) => ({
  ...call(toolUseId),
  tool_response: completedResponse(agentId, text, { input_tokens: 1, output_tokens: 1 }),
});

describe("PreToolUse and PostToolUse: the agent cache", () => {
  it("misses, records and caches, then answers the same call from the cache", async () => {
    const s = project();
    const miss = await s.hook("PreToolUse", call("toolu_1"));
    expect(output(miss)?.hookSpecificOutput?.updatedInput).toEqual({ ...agentInput(PROMPT), model: "haiku" });
    expect(output(miss)?.hookSpecificOutput?.permissionDecision).toBeUndefined();

    subagentRan(s, ["src/app.ts", "src/util.ts"]);
    expect(await s.hook("PostToolUse", finished("toolu_1"))).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    expect(TRANSCRIPT_PICO).toBe(28_650_000_000n);
    expect(invocations(s.state)).toEqual([
      {
        id: "toolu_1",
        agentType: "Explore",
        model: SONNET,
        success: true,
        userCorrection: false,
        durationMs: 12_345,
        // From the subagent's transcript, not the response's `usage` (1 and 1).
        tokens: { input: 2500, output: 1100, cacheWrite5m: 1000, cacheWrite1h: 0, cacheRead: 3000 },
        costPico: TRANSCRIPT_PICO,
        cacheHit: false,
        start: "cold",
        sessionId: s.sessionId,
        timestamp: NOW.toISOString(),
      },
    ]);

    s.setNow(new Date(NOW.getTime() + 7 * 60_000));
    const hit = output(await s.hook("PreToolUse", call("toolu_2")));
    expect(hit?.hookSpecificOutput?.permissionDecision).toBe("deny");
    expect(hit?.hookSpecificOutput?.updatedInput).toBeUndefined();
    const reason = hit?.hookSpecificOutput?.permissionDecisionReason ?? "";
    expect(reason).toMatch(
      /^Answered from the Vextrus agent cache: the same Explore task ran 7 min ago and the 2 file\(s\) it read are unchanged \(src\/app\.ts, src\/util\.ts\)\./,
    );
    expect(reason.endsWith("\n\nIt is computed in src/util.ts (delay = 5).")).toBe(true);
    const records = invocations(s.state);
    expect(records).toHaveLength(2);
    expect(records[1]).toMatchObject({
      id: "toolu_2",
      agentType: "Explore",
      cacheHit: true,
      start: "cached",
      costPico: 0n,
      success: true,
      timestamp: new Date(NOW.getTime() + 7 * 60_000).toISOString(),
    });

    // The model is not part of the key: a call that pins one is answered too.
    const pinned = output(
      await s.hook("PreToolUse", call("toolu_3", agentInput(PROMPT, "Explore", { model: "opus" }))),
    );
    expect(pinned?.hookSpecificOutput?.permissionDecision).toBe("deny");
  });

  it("records a run of a model it cannot price, at $0 with a note naming the model, rather than losing it", async () => {
    const s = project();
    const response = { ...completedResponse(AGENT_ID, "done", { input_tokens: 900, output_tokens: 90 }) };
    const result = await s.hook("PostToolUse", {
      ...call("toolu_new"),
      tool_response: { ...response, resolvedModel: "claude-nova-9" },
    });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe(
      'vextrus-hook: no price for "claude-nova-9": this run\'s cost is recorded without those requests; add the model under optimization.cost.prices\n',
    );
    expect(invocations(s.state)).toMatchObject([
      { id: "toolu_new", model: "claude-nova-9", costPico: 0n, tokens: { input: 900, output: 90 } },
    ]);
  });

  it("reads the usage Claude Code reported by cost's one rule when the transcript is gone: 1-hour writes capped at the total", async () => {
    const s = project();
    // Inconsistent on purpose: 150 one-hour tokens of a 100-token cache write. The total is what is billed.
    const usage = {
      input_tokens: 900,
      output_tokens: 90,
      cache_creation_input_tokens: 100,
      cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 150 },
    };
    const result = await s.hook("PostToolUse", {
      ...call("toolu_split"),
      tool_response: completedResponse(AGENT_ID, "done", usage),
    });
    expect(result.exitCode).toBe(0);
    const sonnetWrite1h = 6_000_000n; // Sonnet 4.5: $6 per million 1-hour cache-write tokens
    expect(invocations(s.state)).toMatchObject([
      {
        id: "toolu_split",
        tokens: { input: 900, output: 90, cacheWrite5m: 0, cacheWrite1h: 100, cacheRead: 0 },
        costPico: 900n * SONNET_PICO.input + 90n * SONNET_PICO.output + 100n * sonnetWrite1h,
      },
    ]);
  });

  it("misses again once a file the answer was made from changed", async () => {
    const s = project();
    subagentRan(s, ["src/app.ts", "src/util.ts"]);
    await s.hook("PostToolUse", finished("toolu_1"));
    expect(output(await s.hook("PreToolUse", call("toolu_2")))?.hookSpecificOutput?.permissionDecision).toBe(
      "deny",
    );

    s.write("src/util.ts", "export const delay = 50;\n");
    const after = output(await s.hook("PreToolUse", call("toolu_3")));
    expect(after?.hookSpecificOutput?.permissionDecision).toBeUndefined();
    expect(after?.hookSpecificOutput?.updatedInput).toMatchObject({ model: "haiku" });
    // The stale entry is gone, not merely skipped: restoring the file does not bring it back.
    s.write("src/util.ts", "export const delay = 5;\n");
    expect(
      output(await s.hook("PreToolUse", call("toolu_4")))?.hookSpecificOutput?.permissionDecision,
    ).toBeUndefined();
    expect(invocations(s.state).map((r) => [r.id, r.cacheHit])).toEqual([
      ["toolu_1", false],
      ["toolu_2", true],
    ]);
  });

  it("does not cache an answer that read a file outside the project", async () => {
    const s = project();
    subagentRan(s, ["src/app.ts", join(s.base, "elsewhere.txt")]);
    await s.hook("PostToolUse", finished("toolu_1"));
    expect(invocations(s.state)).toHaveLength(1);
    expect(
      output(await s.hook("PreToolUse", call("toolu_2")))?.hookSpecificOutput?.permissionDecision,
    ).toBeUndefined();
  });

  it("records from the response's usage, uncached, when the subagent transcript is missing", async () => {
    const s = project();
    const response = completedResponse(AGENT_ID, "Somewhere.", {
      input_tokens: 1000,
      output_tokens: 200,
      cache_creation_input_tokens: 400,
      cache_read_input_tokens: 2000,
      cache_creation: { ephemeral_5m_input_tokens: 300, ephemeral_1h_input_tokens: 100 },
    });
    const r = await s.hook("PostToolUse", { ...call("toolu_1"), tool_response: response });
    expect(r).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    const [record] = invocations(s.state);
    expect(record?.tokens).toEqual({
      input: 1000,
      output: 200,
      cacheWrite5m: 300,
      cacheWrite1h: 100,
      cacheRead: 2000,
    });
    // $3/M input, $15/M output, $3.75/M 5-minute write, $6/M 1-hour write, $0.30/M read.
    expect(record?.costPico).toBe(BigInt(1000 * 3e6 + 200 * 15e6 + 300 * 3.75e6 + 100 * 6e6 + 2000 * 0.3e6));
    expect(record?.model).toBe(SONNET);
    expect(
      output(await s.hook("PreToolUse", call("toolu_2")))?.hookSpecificOutput?.permissionDecision,
    ).toBeUndefined();
  });

  it("neither serves nor stores answers when agent caching is off", async () => {
    const s = project();
    subagentRan(s, ["src/app.ts"]);
    await s.hook("PostToolUse", finished("toolu_1"));
    s.settings({ latency: { agent_caching_enabled: false } });
    expect(
      output(await s.hook("PreToolUse", call("toolu_2")))?.hookSpecificOutput?.permissionDecision,
    ).toBeUndefined();

    const off = project();
    off.settings({ latency: { agent_caching_enabled: false } });
    subagentRan(off, ["src/app.ts"]);
    await off.hook("PostToolUse", finished("toolu_1"));
    expect(invocations(off.state)).toHaveLength(1);
    expect(existsSync(join(off.state, "cache.db"))).toBe(false);
  });

  it("treats the older `Task` tool name the same, and leaves other tools alone", async () => {
    const s = project();
    subagentRan(s, ["src/app.ts"]);
    await s.hook("PostToolUse", { ...finished("toolu_1"), tool_name: "Task" });
    expect(
      output(await s.hook("PreToolUse", { ...call("toolu_2"), tool_name: "Task" }))?.hookSpecificOutput,
    ).toMatchObject({
      permissionDecision: "deny",
    });

    const other = project();
    const bash = {
      tool_name: "Bash",
      tool_input: { command: "ls", description: "list" },
      tool_use_id: "toolu_b",
    };
    expect(await other.hook("PreToolUse", bash)).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    expect(
      await other.hook("PostToolUse", {
        ...bash,
        tool_response: { stdout: "a", stderr: "", interrupted: false },
      }),
    ).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    for (const db of [join(other.state, "metrics.db"), join(other.state, "cache.db"), other.ledger])
      expect(existsSync(db)).toBe(false);
  });

  it("names the field of an Agent call it cannot use", async () => {
    const s = project();
    const r = await s.hook(
      "PreToolUse",
      call("toolu_1", { description: "no prompt", subagent_type: "Explore" }),
    );
    expect(r).toEqual({
      stdout: "",
      stderr: "vextrus-hook: tool_input.prompt: expected string; this call is neither cached nor recorded\n",
      exitCode: 0,
    });
    const post = await s.hook("PostToolUse", { ...call("toolu_1"), tool_response: { status: 7 } });
    expect(post.stderr).toBe(
      "vextrus-hook: tool_response.status: expected string; this call is not recorded\n",
    );
    expect(existsSync(join(s.state, "metrics.db"))).toBe(false);
  });
});
