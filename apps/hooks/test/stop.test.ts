import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  agentInput,
  assistantLine,
  completedResponse,
  NOW,
  output,
  type Sandbox,
  sandbox,
  toolUse,
  userLine,
} from "./harness.js";
import { readUsage } from "./stores.js";

const stop = (s: Sandbox) => s.hook("Stop", { stop_hook_active: false, last_assistant_message: "Done." });

const line = (s: Sandbox, id: string, content?: unknown[], timestamp?: string) =>
  assistantLine({
    sessionId: s.sessionId,
    cwd: s.root,
    id,
    usage: { input_tokens: 1200, output_tokens: 300 },
    ...(content && { content }),
    ...(timestamp && { timestamp }),
  });

const edit = (s: Sandbox, file: string, tool = "Edit") =>
  toolUse(tool, {
    file_path: file.startsWith("/") ? file : join(s.root, file),
    old_string: "a",
    new_string: "b",
  });

function tasks(s: Sandbox): Record<string, unknown>[] {
  const path = join(s.state, "tasks.jsonl");
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

describe("Stop and SessionEnd: usage ingest", () => {
  it("ingests new transcript usage once", async () => {
    const s = sandbox();
    s.appendTranscript(
      userLine(s.sessionId, s.root, "hello"),
      line(s, "m1"),
      line(s, "m2"),
      // The same message streamed on two lines is one request.
      line(s, "m2"),
    );
    s.subagentTranscript("c0ffee", [
      assistantLine({ sessionId: s.sessionId, cwd: s.root, id: "sub1", agentId: "c0ffee" }),
    ]);
    expect(existsSync(s.ledger)).toBe(false);
    expect(await stop(s)).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    const first = readUsage(s.ledger);
    expect(first.counts).toEqual({ records: 3, files: 2, malformed: 0 });
    expect(first.keys.sort()).toEqual(["msg_m1:req_m1", "msg_m2:req_m2", "msg_sub1:req_sub1"]);

    await stop(s);
    expect(readUsage(s.ledger)).toEqual(first);

    s.appendTranscript(line(s, "m3"));
    await s.hook("SessionEnd", { reason: "prompt_input_exit" });
    expect(readUsage(s.ledger).counts).toEqual({ records: 4, files: 2, malformed: 0 });
  });

  it("reports malformed transcript lines once, on stderr", async () => {
    const s = sandbox();
    s.appendTranscript(
      line(s, "m1"),
      '{"type":"assistant","message":{"usage":{"output_tokens":"many"',
      line(s, "m2"),
    );
    const r = await stop(s);
    expect(r.stderr).toBe("vextrus-hook: skipped 1 malformed transcript line(s)\n");
    expect(readUsage(s.ledger).counts.records).toBe(2);
    expect((await stop(s)).stderr).toBe("");
  });

  it("ingests the session's own transcript even when CLAUDE_CONFIG_DIR points elsewhere", async () => {
    const s = sandbox();
    s.appendTranscript(line(s, "m1"), line(s, "m2"));
    const empty = join(s.base, "other-config");
    mkdirSync(join(empty, "projects"), { recursive: true });
    s.env.CLAUDE_CONFIG_DIR = empty;
    expect(await stop(s)).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    expect(readUsage(s.ledger).counts).toEqual({ records: 2, files: 1, malformed: 0 });
  });

  it("brings this month's spend into the next SessionStart", async () => {
    const s = sandbox();
    // 1,000 × (1,200 input at $3/M + 300 output at $15/M) = 1,000 × $0.0081 = $8.10
    s.appendTranscript(
      ...Array.from({ length: 1000 }, (_, i) => line(s, `m${i}`, undefined, "2026-11-19T08:00:00.000Z")),
    );
    await stop(s);
    expect(output(await s.hook("SessionStart", { source: "resume" }))?.systemMessage).toContain(
      "Budget: $8.10 of $500.00 spent in 2026-11",
    );
  });
});

describe("Stop: the turn becomes a finished task", () => {
  it("writes a FinishedTask for a turn that edited files", async () => {
    const s = sandbox();
    // An edit before the prompt belongs to an earlier turn.
    s.appendTranscript(line(s, "m0", [edit(s, "src/old.ts")]));
    const prompt = "Add retries to the payment webhook";
    await s.hook("UserPromptSubmit", { prompt });
    s.appendTranscript(
      userLine(s.sessionId, s.root, prompt),
      line(s, "m1", [toolUse("Read", { file_path: join(s.root, "src/payments/webhook.ts") })]),
      line(s, "m2", [edit(s, "src/payments/webhook.ts"), edit(s, "src/payments/retry.ts", "Write")]),
      line(s, "m3", [edit(s, "/etc/hosts"), edit(s, "src/payments/webhook.ts", "MultiEdit")]),
    );
    s.setNow(new Date(NOW.getTime() + 10 * 60_000));
    expect(await stop(s)).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    expect(tasks(s)).toEqual([
      {
        id: `${s.sessionId}:${NOW.getTime()}`,
        description: prompt,
        files: ["src/payments/retry.ts", "src/payments/webhook.ts"],
        agents: [],
        gates: [],
        durationMs: 600_000,
        finishedAt: new Date(NOW.getTime() + 10 * 60_000).toISOString(),
      },
    ]);
    expect(existsSync(join(s.state, "turns", `${s.sessionId}.json`))).toBe(false);
    // The turn is finished: another Stop without a new prompt adds nothing.
    await stop(s);
    expect(tasks(s)).toHaveLength(1);
  });

  it("writes none for a turn that only answered", async () => {
    const s = sandbox();
    await s.hook("UserPromptSubmit", { prompt: "What does retry.ts do?" });
    s.appendTranscript(
      line(s, "m1", [toolUse("Read", { file_path: join(s.root, "src/retry.ts") })]),
      line(s, "m2"),
    );
    await stop(s);
    expect(existsSync(join(s.state, "tasks.jsonl"))).toBe(false);
  });

  it("counts the subagents a turn ran, even without edits", async () => {
    const s = sandbox();
    await s.hook("UserPromptSubmit", { prompt: "Review the billing module" });
    for (const [id, type, status] of [
      ["toolu_1", "code-reviewer", "completed"],
      ["toolu_2", "Explore", "error"],
    ] as const)
      await s.hook("PostToolUse", {
        tool_name: "Agent",
        tool_input: agentInput(`Look at billing ${id}`, type),
        tool_use_id: id,
        tool_response: { ...completedResponse(`agent${id}`, "fine"), status },
      });
    await stop(s);
    expect(tasks(s)).toEqual([
      expect.objectContaining({
        description: "Review the billing module",
        files: [],
        agents: [
          { type: "code-reviewer", success: true },
          { type: "Explore", success: false },
        ],
      }),
    ]);
  });

  it("feeds the next prompt's prewarm hint", async () => {
    const s = sandbox();
    const turns = [
      ["Add retries to the payment webhook", "src/payments/webhook.ts"],
      ["Payment webhook retries fail", "src/payments/retry.ts"],
      ["Update the README badges", "docs/README.md"],
    ];
    for (const [i, [prompt, file]] of turns.entries()) {
      s.setNow(new Date(NOW.getTime() + i * 60_000)); // a task's id is its session and start time
      await s.hook("UserPromptSubmit", { prompt });
      s.appendTranscript(line(s, `e${i}`, [edit(s, file as string)]));
      await stop(s);
    }
    expect(tasks(s).map((t) => t.files)).toEqual(turns.map(([, file]) => [file]));
    const hint = output(await s.hook("UserPromptSubmit", { prompt: "Payment webhook retries are too slow" }));
    expect(hint?.hookSpecificOutput?.additionalContext).toMatch(
      /Likely relevant \(Vextrus, from 2 similar past task\(s\), confidence [\d.]+; they touched src\/payments\/; took about 1 min\)\.$/,
    );
  });

  it("keeps later hints working after a turn with a blank prompt", async () => {
    const s = sandbox();
    // A prompt of only an image, say: the turn edited files, but a task without a description is one no reader
    // of the history accepts, so it is not written.
    await s.hook("UserPromptSubmit", { prompt: "  " });
    s.appendTranscript(line(s, "e1", [edit(s, "src/payments/webhook.ts")]));
    expect(await stop(s)).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    expect(tasks(s)).toEqual([]);
    s.setNow(new Date(NOW.getTime() + 60_000));
    const r = await s.hook("UserPromptSubmit", { prompt: "Payment webhook retries are too slow" });
    expect(r.stderr).toBe("");
    expect(output(r)?.hookSpecificOutput?.additionalContext).toContain("Task complexity");
  });

  it("ignores a turn file it cannot read", async () => {
    const s = sandbox();
    mkdirSync(join(s.state, "turns"), { recursive: true });
    writeFileSync(join(s.state, "turns", `${s.sessionId}.json`), "{not json");
    s.appendTranscript(line(s, "m1", [edit(s, "src/a.ts")]));
    expect(await stop(s)).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    expect(tasks(s)).toEqual([]);
  });
});
