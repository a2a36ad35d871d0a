import { describe, expect, it } from "vitest";
import { agentInput, assertBuilt, assistantLine, finishedCall, runHookProcess, sandbox } from "./harness.js";
import { invocations, readUsage } from "./stores.js";

describe("concurrent hooks on one state folder", () => {
  it("lose no record when PostToolUse handlers run at once in one process", async () => {
    const s = sandbox();
    s.write("src/app.ts", "export const app = 1;\n");
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) => s.hook("PostToolUse", finishedCall(s, i, i % 2 === 0))),
    );
    for (const r of results) expect(r).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    const records = invocations(s.state);
    expect(records.map((r) => r.id).sort()).toEqual(
      Array.from({ length: 16 }, (_, i) => `toolu_${i}`).sort(),
    );
    expect(records.every((r) => r.costPico > 0n)).toBe(true);
  });

  it("lose no record when hook processes run at once", async () => {
    assertBuilt();
    const s = sandbox();
    s.write("src/app.ts", "export const app = 1;\n");
    s.appendTranscript(
      ...Array.from({ length: 50 }, (_, i) =>
        assistantLine({ sessionId: s.sessionId, cwd: s.root, id: `m${i}` }),
      ),
    );
    const n = 8;
    const posts = Array.from({ length: n }, (_, i) =>
      runHookProcess("PostToolUse", JSON.stringify(s.payload("PostToolUse", finishedCall(s, i, i < 4))), {
        env: s.env,
        cwd: s.root,
      }),
    );
    // Two turn ends ingest the same transcripts meanwhile.
    const stops = [0, 1].map(() =>
      runHookProcess("Stop", JSON.stringify(s.payload("Stop", { stop_hook_active: false })), {
        env: s.env,
        cwd: s.root,
      }),
    );
    const results = await Promise.all([...posts, ...stops]);
    for (const r of results) expect(r).toEqual({ code: 0, signal: null, stdout: "", stderr: "" });
    expect(
      invocations(s.state)
        .map((r) => r.id)
        .sort(),
    ).toEqual(Array.from({ length: n }, (_, i) => `toolu_${i}`).sort());
    // Every request once: 50 in the main transcript, one per subagent transcript that existed when ingested.
    const usage = readUsage(s.ledger);
    expect(usage.counts.records).toBeGreaterThanOrEqual(50);
    expect(new Set(usage.keys).size).toBe(usage.keys.length);

    // The shared question was cached (by whichever process wrote last): the next call is answered from it.
    const hit = await runHookProcess(
      "PreToolUse",
      JSON.stringify(
        s.payload("PreToolUse", {
          tool_name: "Agent",
          tool_input: agentInput("Where is app defined?"),
          tool_use_id: "toolu_next",
        }),
      ),
      { env: s.env, cwd: s.root },
    );
    expect(hit.code).toBe(0);
    expect(JSON.parse(hit.stdout).hookSpecificOutput.permissionDecision).toBe("deny");
    expect(invocations(s.state)).toHaveLength(n + 1);
  });
});
