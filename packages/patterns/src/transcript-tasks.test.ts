import { describe, expect, it } from "vitest";
import type { FinishedTask } from "./task.js";
import { type TurnFacts, tasksFromTurns } from "./transcript-tasks.js";

const turn = (over: Partial<TurnFacts>): TurnFacts => ({
  sessionId: "s1",
  prompt: "add refunds",
  start: "2026-11-20T10:00:00.000Z",
  end: "2026-11-20T10:05:00.000Z",
  agents: [],
  files: ["src/refunds.ts"],
  ...over,
});

describe("finished tasks from transcript turns", () => {
  it("a turn that changed files or ran subagents is a task; a question answered is not", () => {
    const tasks = tasksFromTurns(
      [
        turn({}),
        turn({ prompt: "what is this?", files: [], start: "2026-11-20T11:00:00.000Z" }),
        turn({ prompt: "review it", files: [], agents: [{ type: "code-reviewer", success: false }] }),
      ],
      [],
    );
    expect(tasks).toEqual([
      {
        id: `s1:${Date.parse("2026-11-20T10:00:00.000Z")}`,
        description: "add refunds",
        files: ["src/refunds.ts"],
        agents: [],
        gates: [],
        durationMs: 300_000,
        finishedAt: "2026-11-20T10:05:00.000Z",
      },
      expect.objectContaining({
        description: "review it",
        agents: [{ type: "code-reviewer", success: false }],
      }),
    ]);
  });

  it("a session the hooks recorded tasks for adds nothing from its transcript", () => {
    const hooked: FinishedTask = {
      id: "s1:1795168800123",
      description: "add refunds",
      files: ["src/refunds.ts"],
      agents: [],
      gates: ["tests"],
      durationMs: 299_000,
    };
    const tasks = tasksFromTurns([turn({}), turn({ sessionId: "s2" })], [hooked]);
    expect(tasks.map((t) => t.id)).toEqual([`s2:${Date.parse("2026-11-20T10:00:00.000Z")}`]);
  });
});
