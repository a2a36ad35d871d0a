import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { subagentViews } from "../src/subagent-views.js";
import {
  agentInput,
  assistantLine,
  completedResponse,
  output,
  type Payload,
  type Sandbox,
  sandbox,
  toolUse,
} from "./harness.js";
import { withCache } from "./stores.js";

// The hooks translate a subagent's transcript into what the cache takes (tools used, what each Read returned,
// each search with its result); the cache decides. Transcript lines are shaped as Claude Code 2.1.332 writes a
// subagent's: its successful tool results carry only the text the model got (no `toolUseResult`).

const PROMPT = "Where is depMarker used?";
const AGENT_ID = "a5b6c7d8e9f0";

interface Step {
  tool: string;
  input: Record<string, unknown>;
  /** The tool_result text the model got. */
  result: string;
}

/** A user record carrying one tool result, as Claude Code writes it after the assistant's tool call. */
function toolResultLine(s: Sandbox, id: string, text: string): string {
  return JSON.stringify({
    parentUuid: null,
    isSidechain: true,
    agentId: AGENT_ID,
    type: "user",
    cwd: s.root,
    sessionId: s.sessionId,
    version: "2.1.332",
    timestamp: "2026-11-20T10:00:01.000Z",
    message: { role: "user", content: [{ tool_use_id: id, type: "tool_result", content: text }] },
  });
}

/** The subagent's transcript: one request per step (a tool call, then its result), then the report. */
function subagentRan(s: Sandbox, steps: Step[]) {
  const lines: string[] = [];
  steps.forEach((step, i) => {
    const id = `toolu_${i}`;
    lines.push(
      assistantLine({
        sessionId: s.sessionId,
        cwd: s.root,
        id: `m${i}`,
        agentId: AGENT_ID,
        content: [toolUse(step.tool, step.input, id)],
      }),
      toolResultLine(s, id, step.result),
    );
  });
  lines.push(assistantLine({ sessionId: s.sessionId, cwd: s.root, id: "end", agentId: AGENT_ID }));
  return s.subagentTranscript(AGENT_ID, lines);
}

const call = (toolUseId: string): Payload => ({
  tool_name: "Agent",
  tool_input: agentInput(PROMPT),
  tool_use_id: toolUseId,
});
const finished = (toolUseId: string, text = "depMarker is used in src/a.ts.") => ({
  ...call(toolUseId),
  tool_response: completedResponse(AGENT_ID, text),
});
const decision = async (s: Sandbox, id: string) =>
  output(await s.hook("PreToolUse", call(id)))?.hookSpecificOutput?.permissionDecision;
const stats = (s: Sandbox) => withCache(s.root, s.state, (cache) => cache.stats());

function project() {
  const s = sandbox();
  s.write("src/a.ts", "export const depMarker = 1;\nline2\nline3\n");
  return s;
}

describe("PostToolUse: a subagent's run offered to the cache with what it used and saw", () => {
  it("a run that wrote a file, edited one or ran Bash is not stored, its reason counted; the call runs again", async () => {
    const s = project();
    const read = {
      tool: "Read",
      input: { file_path: join(s.root, "src/a.ts") },
      result: "1\texport const depMarker = 1;\n2\tline2\n3\tline3\n4\t",
    };
    const cases: [Step, string][] = [
      [
        {
          tool: "Write",
          input: { file_path: join(s.root, "src/b.ts"), content: "x" },
          result: "File created",
        },
        "wrote-files",
      ],
      [
        {
          tool: "Edit",
          input: { file_path: join(s.root, "src/a.ts"), old_string: "1", new_string: "1" },
          result: "ok",
        },
        "wrote-files",
      ],
      [{ tool: "Bash", input: { command: "ls" }, result: "src" }, "used-bash"],
    ];
    for (const [i, [effect]] of cases.entries()) {
      subagentRan(s, [read, effect]);
      await s.hook("PostToolUse", finished(`toolu_w${i}`));
      expect(await decision(s, `toolu_again${i}`)).toBeUndefined();
    }
    const after = await stats(s);
    expect(after.stores).toBe(0);
    expect(after.notStored).toBe(3);
    expect(after.notStoredByReason["wrote-files"]).toBe(2);
    expect(after.notStoredByReason["used-bash"]).toBe(1);
    expect(after.storedShare).toBe(0);
  });

  it("a Grep-answered run is stored and hit; once a new matching file appears, the same call misses", async () => {
    const s = project();
    subagentRan(s, [
      { tool: "Grep", input: { pattern: "depMarker" }, result: "Found 1 file\nsrc/a.ts" },
      {
        tool: "Grep",
        input: { pattern: "depMarker", output_mode: "content" },
        result: "src/a.ts:1:export const depMarker = 1;",
      },
      { tool: "Glob", input: { pattern: "**/*.ts" }, result: "src/a.ts" },
    ]);
    await s.hook("PostToolUse", finished("toolu_1"));
    expect((await stats(s)).stores).toBe(1);
    expect(await decision(s, "toolu_2")).toBe("deny");

    s.write("src/b.ts", "import { depMarker } from './a';\n");
    expect(await decision(s, "toolu_3")).toBeUndefined();
    const after = await stats(s);
    expect(after.missesByReason["search-changed"]).toBe(1);
    expect(after.hits).toBe(1);
  });

  it("a Read whose file changed before PostToolUse is not stored (changed-during-run); an unchanged one is", async () => {
    const s = project();
    const steps = (): Step[] => [
      {
        tool: "Read",
        input: { file_path: join(s.root, "src/a.ts") },
        result: "1\texport const depMarker = 1;\n2\tline2\n3\tline3\n4\t",
      },
      {
        tool: "Read",
        input: { file_path: join(s.root, "src/a.ts"), offset: 2, limit: 1 },
        result: "2\tline2",
      },
    ];
    subagentRan(s, steps());
    s.write("src/a.ts", "export const depMarker = 2;\nline2\nline3\n"); // saved while the agent was still thinking
    await s.hook("PostToolUse", finished("toolu_1"));
    expect(await decision(s, "toolu_2")).toBeUndefined();
    expect((await stats(s)).notStoredByReason["changed-during-run"]).toBe(1);

    // The same views of the file as it is now: stored, and the identical call is answered from the cache.
    s.write("src/a.ts", "export const depMarker = 1;\nline2\nline3\n");
    subagentRan(s, steps());
    await s.hook("PostToolUse", finished("toolu_3"));
    expect(await decision(s, "toolu_4")).toBe("deny");
    // A line appended after a whole read: a stale read at the next lookup.
    s.write("src/a.ts", "export const depMarker = 1;\nline2\nline3\nline4\n");
    expect(await decision(s, "toolu_5")).toBeUndefined();
    expect((await stats(s)).missesByReason.stale).toBe(1);
  });

  it("a read outside the project is not stored", async () => {
    const s = project();
    subagentRan(s, [{ tool: "Read", input: { file_path: "/etc/hostname" }, result: "1\thost" }]);
    await s.hook("PostToolUse", finished("toolu_1"));
    expect((await stats(s)).notStoredByReason["read-outside-project"]).toBe(1);
  });
});

describe("subagentViews: a transcript's tool calls as the cache's inputs", () => {
  const root = "/p";
  const line = (content: unknown[], extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      type: "assistant",
      timestamp: "2026-11-20T10:00:00.000Z",
      message: { content },
      ...extra,
    });
  const result = (id: string, text: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      type: "user",
      message: { content: [{ type: "tool_result", tool_use_id: id, content: text }] },
      ...extra,
    });
  const at = Date.parse("2026-11-20T10:00:00.000Z");

  it("reads: the text received from its first line, whole only when uncut; the time of the read", () => {
    const text = [
      line([toolUse("Read", { file_path: "/p/src/a.ts" }, "r1")]),
      result("r1", "1\ta\n2\tb\n3\t"),
      line([toolUse("Read", { file_path: "/p/src/a.ts", offset: 2, limit: 1 }, "r2")]),
      result("r2", "2\tb"),
      line([toolUse("Read", { file_path: "/p/empty.ts" }, "r3")]),
      result("r3", "<system-reminder>Warning: the file exists but the contents are empty.</system-reminder>"),
      line([toolUse("Read", { file_path: "/etc/passwd" }, "r4")]),
      result("r4", "1\troot"),
    ].join("\n");
    expect(subagentViews(text, root)).toEqual({
      tools: ["Read", "Read", "Read", "Read"],
      dependencies: [
        { path: "src/a.ts", content: "a\nb\n", startLine: 1, whole: true, readAt: at },
        { path: "src/a.ts", content: "b", startLine: 2, whole: false, readAt: at },
        { path: "empty.ts", readAt: at },
      ],
      outside: ["/etc/passwd"],
    });
  });

  it("a structured Read result, where kept, is preferred; a note after the lines makes the read partial", () => {
    const file = { filePath: "/p/a.ts", content: "x\ny", numLines: 2, startLine: 1, totalLines: 3 };
    const text = [
      line([toolUse("Read", { file_path: "/p/a.ts" }, "r1")]),
      result("r1", "1\tx\n2\ty", { toolUseResult: { type: "text", file } }),
      line([toolUse("Read", { file_path: "/p/b.ts" }, "r2")]),
      result("r2", "1\tx\n\n<system-reminder>note</system-reminder>"),
    ].join("\n");
    expect(subagentViews(text, root).dependencies).toEqual([
      { path: "a.ts", content: "x\ny", startLine: 1, whole: false, readAt: at },
      { path: "b.ts", content: "x", startLine: 1, whole: false, readAt: at },
    ]);
  });

  it("searches: entries as shown, complete unless cut, timed out or failed", () => {
    const text = [
      line([toolUse("Grep", { pattern: "m" }, "g1")]),
      result("g1", "Found 2 files\nsrc/a.ts\nsrc/b.ts"),
      line([toolUse("Grep", { pattern: "m", output_mode: "count" }, "g2")]),
      result("g2", "src/a.ts:2\n\nFound 2 total occurrences across 1 file."),
      line([toolUse("Glob", { pattern: "*.md" }, "g3")]),
      result("g3", "No files found"),
      line([toolUse("Glob", { pattern: "**" }, "g4")]),
      result("g4", "a\n(Results are truncated. Consider using a more specific path or pattern.)"),
      line([toolUse("Grep", { pattern: "(" }, "g5")]),
      JSON.stringify({
        type: "user",
        message: {
          content: [{ type: "tool_result", tool_use_id: "g5", content: "regex error", is_error: true }],
        },
      }),
      line([toolUse("Grep", { pattern: "m", output_mode: "content", head_limit: 1 }, "g7")]),
      result("g7", "a.ts:1:m\n\n[Showing results with pagination = limit: 1]"),
      line([toolUse("Glob", { pattern: "*.ts" }, "g6")]),
      result("g6", "", { toolUseResult: { filenames: ["/p/x.ts"], truncated: false, numFiles: 1 } }),
    ].join("\n");
    const results = subagentViews(text, root).dependencies.map((d) =>
      typeof d === "object" && "result" in d ? d.result : d,
    );
    expect(results).toEqual([
      { entries: ["src/a.ts", "src/b.ts"], complete: true },
      { entries: ["src/a.ts:2"], complete: true },
      { entries: [], complete: true },
      { entries: [], complete: false },
      { entries: [], complete: false },
      { entries: [], complete: false },
      { entries: ["/p/x.ts"], complete: true },
    ]);
  });

  it("reads the transcript of a real 2.1.332 subagent (Read of the fixture's project)", () => {
    const fixture = join(
      import.meta.dirname,
      "fixtures/claude-2.1.332/transcript/946052a5-08d8-445f-a22a-333ac5e280d0/subagents/agent-a70b521a59d503941.jsonl",
    );
    const views = subagentViews(readFileSync(fixture, "utf8").replaceAll("$PROJECT", "/p"), root);
    expect(views.tools).toEqual(["Read"]);
    expect(views.dependencies).toEqual([
      {
        path: "src/auth.ts",
        content: "export const a = 1;\n",
        startLine: 1,
        whole: true,
        readAt: Date.parse("2026-11-25T20:24:18.674Z"),
      },
    ]);
  });
});
