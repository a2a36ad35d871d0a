import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appendTaskHistory, readTaskHistory } from "./node.js";
import type { FinishedTask } from "./task.js";

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "vextrus-history-"));
  path = join(dir, "tasks.jsonl");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const task = (id: string): FinishedTask => ({
  id,
  description: `Fix the payment retry ${id}`,
  files: [`src/payments/${id}.ts`],
  agents: [{ type: "coder", success: true }],
  gates: [],
  durationMs: 1000,
});

describe("appendTaskHistory and readTaskHistory", () => {
  it("round-trip through a real file, created private", () => {
    expect(readTaskHistory(path)).toEqual({ tasks: [], skipped: 0, problems: [] });
    appendTaskHistory(path, task("t1"));
    appendTaskHistory(path, task("t2"));
    expect(readTaskHistory(path).tasks).toEqual([task("t1"), task("t2")]);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it("handles a bad line in the middle the same way whether the whole file or its tail is read", () => {
    appendTaskHistory(path, task("t1"));
    appendFileSync(path, "{ not json\n");
    appendTaskHistory(path, task("t2"));
    const whole = readTaskHistory(path);
    const tail = readTaskHistory(path, { tailBytes: statSync(path).size - 5 });
    expect(whole).toMatchObject({ tasks: [task("t1"), task("t2")], skipped: 1 });
    // The tail starts inside t1's line: that cut line is dropped uncounted; the bad line is skipped and counted.
    expect(tail).toMatchObject({ tasks: [task("t2")], skipped: 1 });
    expect(tail.problems[0]?.reason).toMatch(/^not JSON/);
  });

  it("keeps a tail's first line when the tail starts exactly on it", () => {
    appendTaskHistory(path, task("t1"));
    const second = readFileSync(path).length;
    appendTaskHistory(path, task("t2"));
    const size = statSync(path).size;
    expect(readTaskHistory(path, { tailBytes: size - second }).tasks).toEqual([task("t2")]);
    expect(readTaskHistory(path, { tailBytes: size - second + 1 }).tasks).toEqual([task("t2")]);
    // One byte short, t2's line is cut: dropped, not counted as bad.
    expect(readTaskHistory(path, { tailBytes: size - second - 1 })).toEqual({
      tasks: [],
      skipped: 0,
      problems: [],
    });
    expect(readTaskHistory(path, { tailBytes: size }).tasks).toHaveLength(2);
  });

  it("refuses to append a task no reader would accept, leaving the file as it was", () => {
    writeFileSync(path, "");
    expect(() => appendTaskHistory(path, { ...task("t1"), id: "" })).toThrow(/task\.id/);
    expect(readFileSync(path, "utf8")).toBe("");
  });
});
