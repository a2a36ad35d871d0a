import { describe, expect, it } from "vitest";
import { createSpeculator, type ReviewOutcome } from "./speculator.js";

const delay = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });

/** A task whose review answers `outcome` after `reviewMs` and whose implementation takes `implementMs`. */
function task(outcome: ReviewOutcome<string>, reviewMs = 0, implementMs = 0) {
  const log: string[] = [];
  const signals: AbortSignal[] = [];
  return {
    log,
    signals,
    plan: "plan A",
    review: async () => {
      log.push("review:start");
      await delay(reviewMs);
      log.push("review:end");
      return outcome;
    },
    implement: async (plan: string, signal: AbortSignal) => {
      log.push(`implement:${plan}`);
      signals.push(signal);
      await delay(implementMs, signal);
      return `built ${plan}`;
    },
  };
}

describe("createSpeculator", () => {
  it("keeps the speculative result when the review approves, saving the overlap", async () => {
    const speculator = createSpeculator();
    const t = task({ approved: true }, 40, 60);
    const outcome = await speculator.run(t);
    expect(outcome).toMatchObject({
      approved: true,
      speculative: true,
      implemented: true,
      value: "built plan A",
    });
    // The implementation starts with the review, not after it, and only once.
    expect(t.log).toEqual(["implement:plan A", "review:start", "review:end"]);
    expect(outcome.savedMs).toBeGreaterThanOrEqual(38);
    expect(outcome.savedMs).toBeLessThanOrEqual(outcome.durationMs);
    expect(speculator.stats()).toMatchObject({ runs: 1, speculative: 1, approved: 1, approvalRate: 1 });
  });

  it("aborts the speculation when the review rejects and implements the revised plan from scratch", async () => {
    const speculator = createSpeculator();
    const t = task({ approved: false, revisedPlan: "plan B" }, 30, 100);
    const outcome = await speculator.run(t);
    expect(outcome).toMatchObject({
      approved: false,
      speculative: true,
      implemented: true,
      value: "built plan B",
    });
    expect(t.log.filter((l) => l.startsWith("implement"))).toEqual(["implement:plan A", "implement:plan B"]);
    expect(t.signals[0]?.aborted).toBe(true);
    expect(t.signals[1]?.aborted).toBe(false);
    expect(outcome.wastedMs).toBeGreaterThanOrEqual(28);
    expect(outcome.savedMs).toBe(0);
    expect(speculator.stats()).toMatchObject({ rejected: 1, wastedMs: outcome.wastedMs });
  });

  it("implements nothing after a rejection without a revised plan", async () => {
    const t = task({ approved: false }, 5, 50);
    const outcome = await createSpeculator().run(t);
    expect(outcome).toMatchObject({ approved: false, implemented: false, value: undefined });
    expect(t.signals[0]?.aborted).toBe(true);
  });

  it("aborts the speculation when the review throws, and passes the error on", async () => {
    const speculator = createSpeculator();
    let implementSignal: AbortSignal | undefined;
    const run = speculator.run({
      plan: 1,
      review: async () => {
        await delay(5);
        throw new Error("reviewer down");
      },
      implement: async (_plan, signal) => {
        implementSignal = signal;
        await delay(1_000, signal);
        return 0;
      },
    });
    await expect(run).rejects.toThrow("reviewer down");
    expect(implementSignal?.aborted).toBe(true);
    expect(speculator.stats().samples).toBe(0);
  });

  it("turns itself off below 80% approval and back on at 90% (hysteresis)", async () => {
    const speculator = createSpeculator({ minSuccessRate: 0.8, window: 20 });
    const once = async (approved: boolean) => {
      const t = task(approved ? { approved } : { approved, revisedPlan: "plan B" });
      const outcome = await speculator.run(t);
      return { outcome, log: t.log };
    };
    for (let i = 0; i < 5; i += 1) await once(true);
    expect((await once(false)).outcome.speculative).toBe(true); // 5 of 6: 83%
    expect(speculator.enabled).toBe(true);
    await once(false); // 5 of 7: 71%
    expect(speculator.stats()).toMatchObject({ enabled: false, disabledCount: 1, samples: 7 });

    // Off: the review runs first, and the implementation starts only after it.
    const off = await once(true);
    expect(off.outcome.speculative).toBe(false);
    expect(off.log).toEqual(["review:start", "review:end", "implement:plan A"]);

    // 6 of 8 … 17 of 19 (89%) stay off although above 80%; 18 of 20 (90%) turns it on.
    for (let i = 0; i < 11; i += 1) await once(true);
    expect(speculator.stats()).toMatchObject({ samples: 19, enabled: false });
    expect(speculator.stats().approvalRate).toBeCloseTo(17 / 19);
    await once(true);
    expect(speculator.stats()).toMatchObject({
      samples: 20,
      approvalRate: 0.9,
      enabled: true,
      enabledCount: 1,
    });
    expect((await once(true)).outcome.speculative).toBe(true);
    expect(speculator.stats()).toMatchObject({ runs: 21, speculative: 8 });
  });

  it("needs a few reviews before one rejection can turn it off", async () => {
    const speculator = createSpeculator();
    await speculator.run(task({ approved: false }));
    expect(speculator.stats()).toMatchObject({ approvalRate: 0, enabled: true });
  });

  it("rejects bad options and an aborted signal", async () => {
    expect(() => createSpeculator({ minSuccessRate: 1.2 })).toThrow(
      /minSuccessRate: expected a rate from 0 to 1/,
    );
    expect(() => createSpeculator({ window: 0 })).toThrow(/window/);
    expect(() => createSpeculator({ minSuccessRate: 0.9, resumeRate: 0.8 })).toThrow(/resumeRate/);
    expect(() => createSpeculator({ window: 3, minSamples: 5 })).toThrow(/minSamples/);
    await expect(
      createSpeculator().run({ ...task({ approved: true }), signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({
      code: "ABORTED",
    });
  });
});
