import { describe, expect, it } from "vitest";
import { createLimiter } from "./limiter.js";

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("createLimiter", () => {
  it("runs at most `concurrency` tasks and starts queued ones by priority, then arrival", async () => {
    const limiter = createLimiter(2);
    const releases: (() => void)[] = [];
    const started: string[] = [];
    const task = (name: string) => () =>
      new Promise<string>((resolve) => {
        started.push(name);
        releases.push(() => resolve(name));
      });
    const all = [
      limiter.run(task("a")),
      limiter.run(task("b")),
      limiter.run(task("low"), { priority: 0 }),
      limiter.run(task("high1"), { priority: 2 }),
      limiter.run(task("high2"), { priority: 2 }),
    ];
    await tick();
    expect(started).toEqual(["a", "b"]);
    expect([limiter.active, limiter.waiting]).toEqual([2, 3]);
    while (releases.length > 0) {
      releases.shift()?.();
      await tick();
    }
    expect(await Promise.all(all)).toEqual(["a", "b", "low", "high1", "high2"]);
    expect(started).toEqual(["a", "b", "high1", "high2", "low"]);
    expect(limiter.maxActive).toBe(2);
  });

  it("drops a queued task whose signal aborts, and frees the slot of a task that throws", async () => {
    const limiter = createLimiter(1);
    let release = () => {};
    const first = limiter.run(() => new Promise<void>((resolve) => (release = resolve)));
    const controller = new AbortController();
    let ran = false;
    const queued = limiter.run(
      async () => {
        ran = true;
      },
      { signal: controller.signal },
    );
    controller.abort();
    await expect(queued).rejects.toMatchObject({ code: "ABORTED" });
    release();
    await first;
    expect(ran).toBe(false);
    await expect(
      limiter.run(() => {
        throw new Error("sync throw");
      }),
    ).rejects.toThrow("sync throw");
    expect(await limiter.run(async () => 42)).toBe(42);
  });

  it("rejects a bad concurrency", () => {
    expect(() => createLimiter(0)).toThrow(/concurrency: expected an integer ≥ 1/);
    expect(() => createLimiter(1.5)).toThrow(/CONFIG_INVALID|concurrency/);
    expect(createLimiter(Number.POSITIVE_INFINITY).active).toBe(0);
  });
});
