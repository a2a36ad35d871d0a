import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { costOfRequest, createPriceBook } from "@vextrus/cost";
import { openSqliteUsageStore } from "@vextrus/cost/node";
import { describe, expect, it } from "vitest";
import { encodeProject, output, sandbox } from "./harness.js";
import { invocations } from "./stores.js";

// What Claude Code 2.1.332 really sends: the twelve payloads and the transcripts of one `claude -p` run against the
// fake Messages API (the model calls Agent; the subagent Reads src/auth.ts and reports), recorded with hooks that
// saved their stdin, then paths replaced by $PROJECT, $CLAUDE_CONFIG_DIR and $PROJECT_KEY. In that run Claude Code
// put the agent in the background by itself: PostToolUse says `async_launched`, the main turn stops, the report
// arrives at SubagentStop, and Claude Code submits a `<task-notification>` prompt for it.
const FIXTURES = new URL("./fixtures/claude-2.1.332/", import.meta.url).pathname;
const SESSION = "946052a5-08d8-445f-a22a-333ac5e280d0";
const AGENT = "a70b521a59d503941";
const TOOL_USE = "toolu_fakedf9e371a6dc1c10937";

function recordedSession() {
  const s = sandbox({ sessionId: SESSION, git: { files: { "src/auth.ts": "export const a = 1;\n" } } });
  const fill = (text: string) =>
    text
      .replaceAll("$CLAUDE_CONFIG_DIR", s.configDir)
      .replaceAll("$PROJECT_KEY", encodeProject(s.root))
      .replaceAll("$PROJECT", s.root);
  // The transcripts as they were at the end of the run, where Claude Code keeps them.
  cpSync(join(FIXTURES, "transcript"), s.projectDir, { recursive: true });
  for (const entry of readdirSync(s.projectDir, { recursive: true, withFileTypes: true }))
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      writeFileSync(path, fill(readFileSync(path, "utf8")));
    }
  const payloads = readdirSync(FIXTURES)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => ({ name, text: fill(readFileSync(join(FIXTURES, name), "utf8")) }));
  const replay = (name: string) => {
    const found = payloads.find((p) => p.name === name);
    if (!found) throw new Error(`no fixture ${name}`);
    const event = (JSON.parse(found.text) as { hook_event_name: string }).hook_event_name;
    return s.hook(event, {}, found.text);
  };
  return { s, payloads, replay };
}

describe("a real Claude Code 2.1.332 session, replayed", () => {
  it("the payloads pass validation as they are, and every hook answers with exit 0", async () => {
    const { payloads, replay } = recordedSession();
    expect(payloads.map((p) => p.name)).toHaveLength(12);
    for (const { name } of payloads) {
      const result = await replay(name);
      expect(result.exitCode, name).toBe(0);
      // SubagentStart is not one of the events `vextrus init` registers: said once, nothing done.
      if (name.endsWith("SubagentStart.json"))
        expect(result.stderr).toContain('unknown event "SubagentStart"');
      else expect(result.stderr, name).toBe("");
    }
  });

  it("sizes the prompt, chooses the subagent's model, and follows the background agent to its report", async () => {
    const { s, replay } = recordedSession();
    expect(output(await replay("01-SessionStart.json"))?.systemMessage).toContain("Budget: $500.00 a month");
    expect(output(await replay("02-UserPromptSubmit.json"))?.hookSpecificOutput?.additionalContext).toMatch(
      /^Vextrus: Task complexity \d+\/100/,
    );
    const pre = output(await replay("03-PreToolUse.json"))?.hookSpecificOutput;
    expect(pre?.updatedInput).toMatchObject({ subagent_type: "general-purpose", model: "haiku" });

    // async_launched: nothing to record yet, the call is remembered for its SubagentStop.
    expect(await replay("05-PostToolUse.json")).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    expect(existsSync(join(s.state, "agents", `${AGENT}.json`))).toBe(true);
    expect(invocations(s.state)).toEqual([]);
    // The subagent's own Read calls pass through untouched (the matcher is Agent|Task; even if not, no output).
    expect((await replay("07-PreToolUse.json")).stdout).toBe("");

    await replay("09-SubagentStop.json");
    expect(existsSync(join(s.state, "agents", `${AGENT}.json`))).toBe(false);
    const [record, ...more] = invocations(s.state);
    expect(more).toEqual([]);
    // The run's cost, priced request by request from the subagent's real transcript.
    const transcript = join(s.projectDir, SESSION, "subagents", `agent-${AGENT}.jsonl`);
    const requests = new Map<string, { model: string; usage: Record<string, number> }>();
    for (const line of readFileSync(transcript, "utf8").split("\n").filter(Boolean)) {
      const r = JSON.parse(line) as {
        requestId?: string;
        message?: { id?: string; model?: string; usage?: never };
      };
      if (r.message?.usage && r.message.model)
        requests.set(`${r.message.id}:${r.requestId}`, r.message as never);
    }
    expect(requests.size).toBe(2);
    const book = createPriceBook();
    let expected = 0n;
    for (const { model, usage } of requests.values()) {
      const pricing = book.resolve(model);
      if (!pricing) throw new Error(`unpriced ${model}`);
      expected += costOfRequest(
        {
          input: usage.input_tokens ?? 0,
          output: usage.output_tokens ?? 0,
          cacheWrite5m: usage.cache_creation_input_tokens ?? 0,
          cacheWrite1h: 0,
          cacheRead: usage.cache_read_input_tokens ?? 0,
        },
        pricing,
      );
    }
    expect(record).toMatchObject({
      id: TOOL_USE,
      agentType: "general-purpose",
      success: true,
      cacheHit: false,
      sessionId: SESSION,
      costPico: expected,
    });
    expect(expected).toBeGreaterThan(0);

    // Claude Code's own <task-notification> prompt is not a task: no sizing, and the turn is not restarted.
    const turn = join(s.state, "turns", `${SESSION}.json`);
    const before = statSync(turn).mtimeMs;
    expect(await replay("10-UserPromptSubmit.json")).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    expect(statSync(turn).mtimeMs).toBe(before);

    // The same Agent call again is answered from the cache, with the file the subagent read.
    const hit = output(await replay("03-PreToolUse.json"))?.hookSpecificOutput;
    expect(hit?.permissionDecision).toBe("deny");
    expect(hit?.permissionDecisionReason).toContain("(src/auth.ts)");
    expect(hit?.permissionDecisionReason?.endsWith("REPORT ok")).toBe(true);

    // Stop ingests both transcripts: the main thread's requests and the subagent's, each once.
    await replay("11-Stop.json");
    const store = openSqliteUsageStore(s.ledger);
    try {
      const usage = store.usage();
      expect(usage.filter((u) => u.agentId === AGENT)).toHaveLength(2);
      expect(usage.filter((u) => u.agentId === null).length).toBeGreaterThan(0);
    } finally {
      store.close();
    }
  });
});
