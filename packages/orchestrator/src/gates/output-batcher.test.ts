import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type OutputBatch, OutputBatcher } from "./output-batcher.js";

describe("OutputBatcher", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("emits the lines of an interval together, once", () => {
    const batches: OutputBatch[] = [];
    const batcher = new OutputBatcher((batch) => batches.push(batch), { intervalMs: 100 });
    batcher.push("a");
    batcher.push("b");
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(batches).toEqual([{ lines: ["a", "b"], omitted: 0 }]);
    vi.advanceTimersByTime(1000);
    expect(batches).toHaveLength(1);
    batcher.push("c");
    batcher.flush();
    expect(batches).toEqual([
      { lines: ["a", "b"], omitted: 0 },
      { lines: ["c"], omitted: 0 },
    ]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("keeps the newest lines of a flood and counts the rest", () => {
    const batches: OutputBatch[] = [];
    const batcher = new OutputBatcher((batch) => batches.push(batch), { maxLines: 3 });
    for (let i = 1; i <= 1000; i++) batcher.push(`${i}`);
    batcher.flush();
    expect(batches).toEqual([{ lines: ["998", "999", "1000"], omitted: 997 }]);
  });

  it("emits nothing when nothing was printed", () => {
    const emit = vi.fn();
    new OutputBatcher(emit).flush();
    expect(emit).not.toHaveBeenCalled();
  });
});
