import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { transcriptTurns } from "./turns.js";

const session = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "test",
  "fixtures",
  "runs",
  "projects",
  "-home-dev-app",
  "44444444-4444-4444-8444-444444444444.jsonl",
);

describe("turns of a main session transcript", () => {
  it("one prompt, its four subagent calls, to the last line before the next prompt (tool results and notices are not prompts)", () => {
    expect(transcriptTurns(readFileSync(session, "utf8"))).toEqual([
      {
        sessionId: "44444444-4444-4444-8444-444444444444",
        cwd: "/home/dev/app",
        prompt: "look at the app",
        start: "2026-11-20T09:59:00.000Z",
        end: "2026-11-20T10:07:01.000Z",
        agentCalls: ["toolu_A", "toolu_B", "toolu_C", "toolu_D"],
        edited: [],
      },
    ]);
  });

  it("the main thread's edits, each path once; command echoes and meta lines start no turn", () => {
    const line = (o: object) => JSON.stringify({ sessionId: "s", cwd: "/p", ...o });
    const user = (ts: string, content: unknown, extra = {}) =>
      line({ type: "user", timestamp: ts, message: { role: "user", content }, ...extra });
    const edit = (ts: string, name: string, path: string) =>
      line({
        type: "assistant",
        timestamp: ts,
        message: { content: [{ type: "tool_use", name, input: { file_path: path } }] },
      });
    const text = [
      user("2026-01-01T00:00:00.000Z", "fix the bug"),
      edit("2026-01-01T00:00:05.000Z", "Edit", "/p/a.ts"),
      edit("2026-01-01T00:00:06.000Z", "Write", "/p/a.ts"),
      edit("2026-01-01T00:00:07.000Z", "Read", "/p/b.ts"),
      user("2026-01-01T00:00:08.000Z", "<command-name>/clear</command-name>"),
      user("2026-01-01T00:00:09.000Z", "meta", { isMeta: true }),
      user("2026-01-01T00:01:00.000Z", [{ type: "text", text: "now the docs" }]),
      "not json",
    ].join("\n");
    const turns = transcriptTurns(text);
    expect(turns.map((t) => [t.prompt, t.start, t.end, t.edited])).toEqual([
      ["fix the bug", "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:09.000Z", ["/p/a.ts"]],
      ["now the docs", "2026-01-01T00:01:00.000Z", "2026-01-01T00:01:00.000Z", []],
    ]);
  });
});
