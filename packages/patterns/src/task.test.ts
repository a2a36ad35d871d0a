import { describe, expect, it } from "vitest";
import { VextrusPatternsError } from "./errors.js";
import { assertQuery, assertTasks, type FinishedTask } from "./task.js";

const VALID: FinishedTask = {
  id: "t1",
  description: "Add login",
  files: ["src/auth/login.ts"],
  agents: [{ type: "coder", success: true }],
  gates: ["lint"],
  durationMs: 1000,
  commits: 2,
  finishedAt: "2025-03-01T12:00:00Z",
};

function errorOf(run: () => unknown): VextrusPatternsError {
  try {
    run();
  } catch (error) {
    if (error instanceof VextrusPatternsError) return error;
    throw error;
  }
  throw new Error("expected a VextrusPatternsError");
}

describe("assertTasks", () => {
  it("accepts valid tasks", () => {
    expect(assertTasks([VALID])).toEqual([VALID]);
  });

  it.each([
    [{ description: "  " }, "tasks[0].description"],
    [{ id: "" }, "tasks[0].id"],
    [{ durationMs: -1 }, "tasks[0].durationMs"],
    [{ durationMs: Number.NaN }, "tasks[0].durationMs"],
    [{ files: "a.ts" }, "tasks[0].files"],
    [{ files: [""] }, "tasks[0].files[0]"],
    [{ agents: [{ type: "coder" }] }, "tasks[0].agents[0].success"],
    [{ agents: [{ type: "", success: true }] }, "tasks[0].agents[0].type"],
    [{ gates: [1] }, "tasks[0].gates[0]"],
    [{ commits: 1.5 }, "tasks[0].commits"],
    [{ finishedAt: "yesterday" }, "tasks[0].finishedAt"],
  ])("names the field of %j", (change, field) => {
    const error = errorOf(() => assertTasks([{ ...VALID, ...change }]));
    expect(error.code).toBe("TASK_INVALID");
    expect(error.message).toContain(`${field}:`);
  });

  it("rejects duplicate ids, naming both", () => {
    const error = errorOf(() => assertTasks([VALID, { ...VALID }]));
    expect(error.message).toContain("tasks[1].id");
    expect(error.message).toContain("tasks[0]");
  });

  it("rejects a non-array", () => {
    expect(errorOf(() => assertTasks({})).message).toContain("tasks:");
  });
});

describe("assertQuery", () => {
  it("names the field of an invalid query", () => {
    expect(errorOf(() => assertQuery({ description: "" })).message).toContain("task.description");
    expect(errorOf(() => assertQuery({ description: "x", files: [3] })).message).toContain("task.files[0]");
    expect(errorOf(() => assertQuery(null)).code).toBe("QUERY_INVALID");
  });
});
