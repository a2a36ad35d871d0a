import { describe, expect, it } from "vitest";
import { formatTaskLine, parseTaskHistory } from "./history.js";
import type { FinishedTask } from "./task.js";

const task = (id: string, extra: Partial<FinishedTask> = {}): FinishedTask => ({
  id,
  description: `Task ${id}`,
  files: [`src/${id}.ts`],
  agents: [{ type: "coder", success: true }],
  gates: ["lint"],
  durationMs: 60_000,
  finishedAt: "2026-11-01T10:00:00.000Z",
  ...extra,
});

describe("formatTaskLine and parseTaskHistory", () => {
  it("round-trip: tasks written as lines read back equal, in order", () => {
    const tasks = [task("a"), task("b", { commits: 2 }), task("c", { agents: [], files: [] })];
    const text = tasks.map(formatTaskLine).join("");
    expect(text.split("\n")).toHaveLength(4); // one line each, and the last newline
    expect(parseTaskHistory(text)).toEqual({ tasks, skipped: 0, problems: [] });
  });

  it("writes no line a reader would skip: an invalid task is refused, naming the field", () => {
    expect(() => formatTaskLine(task("a", { description: "  " }))).toThrow(
      expect.objectContaining({ code: "TASK_INVALID", message: expect.stringContaining("task.description") }),
    );
    expect(() => formatTaskLine(task("a", { durationMs: -1 }))).toThrow(/task\.durationMs/);
  });

  it("skips and counts a bad line in the middle, keeping the tasks around it", () => {
    const text = [
      formatTaskLine(task("a")),
      '{"id": "b", "description": "cut off by a cra\n',
      `${JSON.stringify({ ...task("c"), durationMs: "soon" })}\n`,
      formatTaskLine(task("a", { description: "the same id again" })),
      "\n",
      formatTaskLine(task("d")),
    ].join("");
    const history = parseTaskHistory(text);
    expect(history.tasks.map((t) => t.id)).toEqual(["a", "d"]);
    expect(history.tasks[0]?.description).toBe("Task a");
    expect(history.skipped).toBe(3);
    expect(history.problems).toEqual([
      { line: 2, reason: expect.stringMatching(/^not JSON/) },
      { line: 3, reason: expect.stringMatching(/^task\.durationMs: expected a finite number/) },
      { line: 4, reason: 'task.id: "a" repeats line 1' },
    ]);
  });

  it("drops a tail's cut first line without counting it", () => {
    const whole = [task("a"), task("b")].map(formatTaskLine).join("");
    const cut = whole.slice(10);
    expect(parseTaskHistory(cut, { partialStart: true })).toMatchObject({ tasks: [task("b")], skipped: 0 });
    expect(parseTaskHistory(cut).skipped).toBe(1);
  });

  it("reads a JSON array of tasks with the same policy, and lists at most maxProblems problems", () => {
    const text = JSON.stringify([task("a"), { id: "x" }, task("b"), 7, null, "y", true]);
    const history = parseTaskHistory(text, { maxProblems: 2 });
    expect(history.tasks.map((t) => t.id)).toEqual(["a", "b"]);
    expect(history.skipped).toBe(5);
    expect(history.problems).toEqual([
      { line: 2, reason: expect.stringMatching(/^tasks\[1\]\.description/) },
      { line: 4, reason: expect.stringMatching(/^tasks\[3\]: expected a finished task object/) },
    ]);
  });

  it("reads CRLF lines and an empty text", () => {
    expect(parseTaskHistory(`${JSON.stringify(task("a"))}\r\n`).tasks).toEqual([task("a")]);
    expect(parseTaskHistory("")).toEqual({ tasks: [], skipped: 0, problems: [] });
  });
});
