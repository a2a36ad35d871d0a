import { describe, expect, it } from "vitest";
import { VextrusPatternsError } from "./errors.js";
import { extractPatterns } from "./extract.js";
import type { FinishedTask } from "./task.js";

const MIN = 60_000;

function task(id: string, agents: [string, boolean][], gates: string[], minutes: number): FinishedTask {
  return {
    id,
    description: `task ${id}`,
    files: [],
    agents: agents.map(([type, success]) => ({ type, success })),
    gates,
    durationMs: minutes * MIN,
  };
}

const HISTORY = [
  task(
    "a",
    [
      ["architect", true],
      ["coder", true],
    ],
    ["lint", "tests"],
    30,
  ),
  task(
    "b",
    [
      ["architect", true],
      ["coder", false],
      ["coder", true],
    ],
    ["lint", "lint"],
    60,
  ),
  task(
    "c",
    [
      ["architect", true],
      ["coder", true],
    ],
    ["lint"],
    90,
  ),
  task("d", [["writer", true]], ["spellcheck"], 10),
  task("e", [["coder", false]], [], 5),
];

describe("extractPatterns", () => {
  it("groups tasks by the agents that succeeded, in order, with the success rate of all their runs", () => {
    const patterns = extractPatterns(HISTORY);
    expect(patterns.taskCount).toBe(5);
    expect(patterns.agentSequences).toEqual([
      {
        agents: ["architect", "coder"],
        taskIds: ["a", "b", "c"],
        successRate: 6 / 7,
        durationMs: { medianMs: 60 * MIN, p90Ms: 90 * MIN },
      },
    ]);
  });

  it("keeps a sequence only when enough tasks share it and its runs mostly succeed", () => {
    const loose = extractPatterns(HISTORY, { thresholds: { minTasks: 1 } });
    expect(loose.agentSequences.map((s) => s.agents)).toEqual([["architect", "coder"], ["writer"]]);
    const strict = extractPatterns(HISTORY, { thresholds: { minSuccessRate: 0.9 } });
    expect(strict.agentSequences).toEqual([]);
  });

  it("counts each gate once per task, most used first", () => {
    expect(extractPatterns(HISTORY).gates).toEqual([
      { gate: "lint", tasks: 3, share: 3 / 5 },
      { gate: "spellcheck", tasks: 1, share: 1 / 5 },
      { gate: "tests", tasks: 1, share: 1 / 5 },
    ]);
  });

  it("summarises all durations, and has none for an empty history", () => {
    expect(extractPatterns(HISTORY).durationMs).toEqual({ medianMs: 30 * MIN, p90Ms: 90 * MIN });
    expect(extractPatterns([])).toEqual({
      taskCount: 0,
      agentSequences: [],
      gates: [],
      durationMs: undefined,
    });
  });

  it("rejects thresholds out of range", () => {
    expect(() => extractPatterns(HISTORY, { thresholds: { minTasks: 0 } })).toThrow(/thresholds\.minTasks/);
    expect(() => extractPatterns(HISTORY, { thresholds: { minSuccessRate: 2 } })).toThrow(
      VextrusPatternsError,
    );
  });
});
