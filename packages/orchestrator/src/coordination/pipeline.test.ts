import { describe, expect, it } from "vitest";
import { VextrusOrchestratorError } from "../errors.js";
import { mapStage, type PipelineStage, pipeline } from "./pipeline.js";

const delay = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe("pipeline", () => {
  it("transforms in order through typed stages", async () => {
    const double: PipelineStage<number, number> = async function* (input) {
      for await (const n of input) yield n * 2;
    };
    const label = mapStage(async (n: number) => `#${n}`);
    expect(await collect(pipeline([1, 2, 3], double, label))).toEqual(["#2", "#4", "#6"]);
    expect(await collect(pipeline([1, 2], { highWaterMark: 0 }))).toEqual([1, 2]);
  });

  it("starts nothing until read, then each stage on the first item of the previous one", async () => {
    const t0 = performance.now();
    const at = (label: string, times: Record<string, number>) => {
      times[label] ??= performance.now() - t0;
    };
    const times: Record<string, number> = {};
    let sourceStarted = false;
    async function* source() {
      sourceStarted = true;
      for (let i = 0; i < 5; i += 1) {
        await delay(30);
        at(`source:${i}`, times);
        yield i;
      }
      at("source:done", times);
    }
    const analyze: PipelineStage<number, string> = async function* (input) {
      for await (const n of input) {
        at("analyze:first", times);
        await delay(10);
        yield `a${n}`;
      }
    };
    const implement: PipelineStage<string, string> = async function* (input) {
      for await (const a of input) {
        at("implement:first", times);
        await delay(10);
        yield `${a}!`;
      }
    };
    const out = pipeline(source(), analyze, implement);
    await delay(20);
    expect(sourceStarted).toBe(false);
    const results: string[] = [];
    for await (const item of out) {
      at("output:first", times);
      results.push(item);
    }
    expect(results).toEqual(["a0!", "a1!", "a2!", "a3!", "a4!"]);
    const t = (key: string) => times[key] ?? Number.NaN;
    // The first result is out after one item's worth of work (~30 + 10 + 10 ms), long before the source's 150 ms.
    expect(t("analyze:first")).toBeLessThan(t("source:1"));
    expect(t("implement:first")).toBeLessThan(t("source:1"));
    expect(t("output:first")).toBeLessThan(t("source:2"));
    expect(t("output:first")).toBeLessThan(t("source:done"));
  });

  it("runs neighbouring stages at the same time", async () => {
    let busy = 0;
    let mostBusy = 0;
    const slow = (ms: number) =>
      mapStage(async (n: number) => {
        busy += 1;
        mostBusy = Math.max(mostBusy, busy);
        await delay(ms);
        busy -= 1;
        return n;
      });
    expect(await collect(pipeline([1, 2, 3, 4], slow(25), slow(25)))).toEqual([1, 2, 3, 4]);
    // As an assembly line, stage 2 works on one item while stage 1 works on the next; in series never.
    expect(mostBusy).toBe(2);
  });

  it("delivers a stage's error after the items already past it, and stops upstream", async () => {
    let produced = 0;
    let sourceClosed = false;
    const signals: AbortSignal[] = [];
    async function* source() {
      try {
        for (let i = 0; i < 100; i += 1) {
          produced += 1;
          yield i;
        }
      } finally {
        sourceClosed = true;
      }
    }
    const first: PipelineStage<number, number> = async function* (input, { signal }) {
      signals.push(signal);
      for await (const n of input) yield n;
    };
    const failing = mapStage(async (n: number) => {
      if (n === 2) throw new Error("stage 1 broke on 2");
      return n;
    });
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const n of pipeline(source(), first, failing)) seen.push(n);
      })(),
    ).rejects.toThrow("stage 1 broke on 2");
    expect(seen).toEqual([0, 1]);
    await delay(5);
    expect(sourceClosed).toBe(true);
    expect(produced).toBeLessThan(10);
    expect(signals[0]?.aborted).toBe(true);
  });

  it("rejects with ABORTED when the caller's signal aborts, stopping in-flight stage work", async () => {
    const controller = new AbortController();
    let stageSignal: AbortSignal | undefined;
    const stuck: PipelineStage<number, number> = async function* (input, { signal }) {
      stageSignal = signal;
      for await (const n of input) {
        await delay(10_000, signal);
        yield n;
      }
    };
    const out = pipeline([1, 2, 3], stuck, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const t0 = performance.now();
    const error = await collect(out).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VextrusOrchestratorError);
    expect(error).toMatchObject({ code: "ABORTED" });
    expect(performance.now() - t0).toBeLessThan(2_500);
    expect(stageSignal?.aborted).toBe(true);
    await expect(collect(pipeline([1], { signal: AbortSignal.abort() }))).rejects.toMatchObject({
      code: "ABORTED",
    });
  });

  it("stops every stage when the reader leaves early", async () => {
    let sourceClosed = false;
    let stageSignal: AbortSignal | undefined;
    async function* source() {
      try {
        for (let i = 0; ; i += 1) yield i;
      } finally {
        sourceClosed = true;
      }
    }
    const pass: PipelineStage<number, number> = async function* (input, { signal }) {
      stageSignal = signal;
      for await (const n of input) yield n;
    };
    const taken: number[] = [];
    for await (const n of pipeline(source(), pass)) {
      taken.push(n);
      if (n === 2) break;
    }
    expect(taken).toEqual([0, 1, 2]);
    await delay(5);
    expect(sourceClosed).toBe(true);
    expect(stageSignal?.aborted).toBe(true);
  });

  it("rejects a stage that is not a function and a bad highWaterMark", () => {
    expect(() => pipeline([1], 3 as never)).toThrow(/pipeline stage 0: expected a function/);
    expect(() => pipeline([1], { highWaterMark: -1 })).toThrow(/highWaterMark/);
  });
});
