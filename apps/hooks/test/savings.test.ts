import { existsSync } from "node:fs";
import { join } from "node:path";
import type { SavingRecord } from "@vextrus/metrics";
import { openSqliteSavingsStore } from "@vextrus/metrics/node";
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

const PROMPT = "Where is the retry delay of the payment webhook computed?";
const AGENT_ID = "b7c2d9e1f0a3";
const HAIKU = "claude-haiku-4-5-20251001";
/** Haiku 4.5 list prices in pico-dollars per token: $1 / $5 / $1.25 (5-minute write) / $0.10 (read) per million. */
const HAIKU_PICO = { input: 1_000_000n, output: 5_000_000n, write5m: 1_250_000n, read: 100_000n };

/** The subagent's two requests (2,500 input, 1,100 output, 1,000 5-minute write, 3,000 read) on `model`. */
function subagentRan(s: Sandbox, model: string) {
  const line = (id: string, usage: Parameters<typeof assistantLine>[0]["usage"], content?: unknown[]) =>
    assistantLine({ sessionId: s.sessionId, cwd: s.root, id, agentId: AGENT_ID, model, usage, content });
  s.subagentTranscript(AGENT_ID, [
    line(
      "s1",
      {
        input_tokens: 2000,
        output_tokens: 300,
        cache_creation_input_tokens: 1000,
        cache_creation: { ephemeral_5m_input_tokens: 1000, ephemeral_1h_input_tokens: 0 },
      },
      [toolUse("Read", { file_path: join(s.root, "src/util.ts") }, "toolu_r0")],
    ),
    line("s2", { input_tokens: 500, output_tokens: 800, cache_read_input_tokens: 3000 }),
  ]);
}

const price = (p: typeof SONNET_PICO) =>
  2500n * p.input + 1100n * p.output + 1000n * p.write5m + 3000n * p.read;

const call = (toolUseId: string): Payload => ({
  tool_name: "Agent",
  tool_input: agentInput(PROMPT),
  tool_use_id: toolUseId,
});

const finished = (toolUseId: string): Payload => ({
  ...call(toolUseId),
  tool_response: completedResponse(AGENT_ID, "It is computed in src/util.ts (delay = 5).", {
    input_tokens: 1,
    output_tokens: 1,
  }),
});

function project() {
  const s = sandbox();
  s.write("src/util.ts", "export const delay = 5;\n");
  return s;
}

/** The session's main thread ran on `model`: the model a subagent would otherwise have used. */
function mainThreadOn(s: Sandbox, model: string) {
  s.appendTranscript(assistantLine({ sessionId: s.sessionId, cwd: s.root, id: "main1", model }));
}

function savings(state: string): SavingRecord[] {
  const store = openSqliteSavingsStore(join(state, "metrics.db"));
  try {
    return store.savings();
  } finally {
    store.close();
  }
}

describe("realised savings, recorded by the hooks as they happen", () => {
  it("a cache hit saves the exact cost and duration of the run that made the entry, once per hit", async () => {
    const s = project();
    await s.hook("PreToolUse", call("toolu_1"));
    subagentRan(s, SONNET);
    await s.hook("PostToolUse", finished("toolu_1"));
    // No main-thread model in the session's transcript: the routed first run has no baseline, so no saving.
    expect(savings(s.state)).toEqual([]);

    s.setNow(new Date(NOW.getTime() + 5 * 60_000));
    const hit = output(await s.hook("PreToolUse", call("toolu_2")));
    expect(hit?.hookSpecificOutput?.permissionDecision).toBe("deny");
    const expected = {
      id: "toolu_2",
      kind: "cache",
      agentType: "Explore",
      sessionId: s.sessionId,
      timestamp: new Date(NOW.getTime() + 5 * 60_000).toISOString(),
      savedPico: price(SONNET_PICO),
      savedMs: 12_345, // the first run's totalDurationMs
      model: SONNET,
    };
    expect(price(SONNET_PICO)).toBe(28_650_000_000n);
    expect(savings(s.state)).toEqual([expected]);

    // Claude Code delivering the same call's PreToolUse again does not count it twice.
    await s.hook("PreToolUse", call("toolu_2"));
    expect(savings(s.state)).toHaveLength(1);
    // Another hit is another run saved.
    await s.hook("PreToolUse", call("toolu_3"));
    expect(savings(s.state).map((r) => [r.id, r.savedPico])).toEqual([
      ["toolu_2", 28_650_000_000n],
      ["toolu_3", 28_650_000_000n],
    ]);
  });

  it("a routed run saves its requests' price at the session's model minus their exact price", async () => {
    const s = project();
    s.settings({ latency: { agent_caching_enabled: false } });
    mainThreadOn(s, SONNET);
    const pre = output(await s.hook("PreToolUse", call("toolu_r")));
    expect(pre?.hookSpecificOutput?.updatedInput).toMatchObject({ model: "haiku" });
    subagentRan(s, HAIKU);
    expect((await s.hook("PostToolUse", finished("toolu_r"))).stderr).toBe("");

    const saved = price(SONNET_PICO) - price(HAIKU_PICO);
    expect(saved).toBe(28_650_000_000n - 9_550_000_000n);
    expect(savings(s.state)).toEqual([
      {
        id: "toolu_r",
        kind: "routing",
        agentType: "Explore",
        sessionId: s.sessionId,
        timestamp: NOW.toISOString(),
        savedPico: saved,
        savedMs: 0,
        model: HAIKU,
        baselineModel: SONNET,
      },
    ]);
    // The route is used up: the same call finishing again (a retried delivery) adds nothing new.
    await s.hook("PostToolUse", finished("toolu_r"));
    expect(savings(s.state)).toHaveLength(1);
  });

  it("takes the session's model at the run's end when the transcript did not show it yet at the call", async () => {
    const s = project();
    s.settings({ latency: { agent_caching_enabled: false } });
    // Claude Code writes the calling message to the transcript a moment after PreToolUse may run.
    const pre = output(await s.hook("PreToolUse", call("toolu_late")));
    expect(pre?.hookSpecificOutput?.updatedInput).toMatchObject({ model: "haiku" });
    mainThreadOn(s, SONNET);
    subagentRan(s, HAIKU);
    expect((await s.hook("PostToolUse", finished("toolu_late"))).stderr).toBe("");
    expect(savings(s.state)).toMatchObject([
      {
        id: "toolu_late",
        kind: "routing",
        savedPico: price(SONNET_PICO) - price(HAIKU_PICO),
        model: HAIKU,
        baselineModel: SONNET,
      },
    ]);
  });

  it("records nothing for a routed run without a baseline model, nor for a run whose model it did not choose", async () => {
    const s = project();
    s.settings({ latency: { agent_caching_enabled: false } });
    // No transcript for the session, at the call or at the run's end: the model the agent would otherwise have used
    // is unknown.
    expect(
      output(await s.hook("PreToolUse", call("toolu_a")))?.hookSpecificOutput?.updatedInput,
    ).toMatchObject({
      model: "haiku",
    });
    subagentRan(s, HAIKU);
    await s.hook("PostToolUse", finished("toolu_a"));
    expect(savings(s.state)).toEqual([]);

    // The caller pinned the model: the hook chose nothing, so nothing was saved by routing.
    mainThreadOn(s, SONNET);
    const pinned = { ...call("toolu_b"), tool_input: agentInput(PROMPT, "Explore", { model: "haiku" }) };
    expect((await s.hook("PreToolUse", pinned)).stdout).toBe("");
    await s.hook("PostToolUse", { ...finished("toolu_b"), tool_input: pinned.tool_input });
    expect(savings(s.state)).toEqual([]);
  });

  it("a routed background run records its saving when its SubagentStop ends it; SessionEnd drops a route left over", async () => {
    const s = project();
    s.settings({ latency: { agent_caching_enabled: false } });
    mainThreadOn(s, SONNET);
    const input = agentInput(PROMPT, "Explore", { run_in_background: true });
    const routed = output(
      await s.hook("PreToolUse", { tool_name: "Agent", tool_input: input, tool_use_id: "toolu_bg" }),
    );
    expect(routed?.hookSpecificOutput?.updatedInput).toMatchObject({ model: "haiku" });
    await s.hook("PostToolUse", {
      tool_name: "Agent",
      tool_input: { ...input, model: "haiku" },
      tool_use_id: "toolu_bg",
      tool_response: {
        status: "async_launched",
        agentId: AGENT_ID,
        description: "Look around",
        prompt: PROMPT,
      },
    });
    expect(savings(s.state)).toEqual([]); // launched, not finished
    subagentRan(s, HAIKU);
    await s.hook("SubagentStop", {
      stop_hook_active: false,
      agent_id: AGENT_ID,
      agent_type: "Explore",
      agent_transcript_path: join(s.projectDir, s.sessionId, "subagents", `agent-${AGENT_ID}.jsonl`),
      last_assistant_message: "It is computed in src/util.ts (delay = 5).",
    });
    expect(savings(s.state)).toMatchObject([
      {
        id: "toolu_bg",
        kind: "routing",
        savedPico: price(SONNET_PICO) - price(HAIKU_PICO),
        baselineModel: SONNET,
      },
    ]);

    // A routed call whose run never reported (the session ended first) leaves nothing behind at SessionEnd.
    await s.hook("PreToolUse", {
      tool_name: "Agent",
      tool_input: agentInput("List the files"),
      tool_use_id: "toolu_lost",
    });
    const left = join(s.state, "routed", "toolu_lost.json");
    expect(existsSync(left)).toBe(true);
    await s.hook("SessionEnd", { reason: "other" });
    expect(existsSync(left)).toBe(false);
  });

  it("SessionStart says what was saved this month", async () => {
    const s = project();
    const store = openSqliteSavingsStore(join(s.state, "metrics.db"));
    const record = (id: string, fields: Partial<SavingRecord>): SavingRecord => ({
      id,
      kind: "cache",
      agentType: "Explore",
      sessionId: "earlier",
      timestamp: "2026-11-10T12:00:00.000Z",
      savedPico: 0n,
      savedMs: 0,
      ...fields,
    });
    store.addSavings([
      record("c1", { savedPico: 1_250_000_000_000n, savedMs: 5 * 60_000 }),
      record("c2", { savedPico: 750_000_000_000n, savedMs: 7 * 60_000 }),
      record("r1", { kind: "routing", savedPico: 400_000_000_000n }),
      // Last month: not this month's saving.
      record("old", { savedPico: 9_000_000_000_000n, timestamp: "2026-10-05T12:00:00.000Z" }),
    ]);
    store.close();
    const r = await s.hook("SessionStart", { source: "startup" });
    expect(r.exitCode).toBe(0);
    expect(output(r)?.systemMessage).toContain(
      "Saved $2.40 this month: cache $2.00 (2 runs, 12 min), routing $0.40 (1 run).",
    );
  });
});
