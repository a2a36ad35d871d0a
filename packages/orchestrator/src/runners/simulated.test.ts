import { describe, expect, it } from "vitest";
import { VextrusOrchestratorError } from "../errors.js";
import { createSimulatedRunner, estimateTokens } from "./simulated.js";

describe("createSimulatedRunner", () => {
  it("answers after its latency with deterministic usage and the resolved model", async () => {
    const runner = createSimulatedRunner({ latencyMs: 20, respond: () => "x".repeat(40) });
    const t0 = performance.now();
    const result = await runner.run({
      agent: "worker",
      model: "haiku",
      prompt: "p".repeat(100),
      system: "s".repeat(8),
    });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(19);
    expect(result).toEqual({
      output: "x".repeat(40),
      usage: { input: 27, output: 10, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 },
      durationMs: 20,
      model: "claude-haiku-5-5",
    });
  });

  it("echoes the agent, model and first prompt line by default, with latency per request", async () => {
    const seen: number[] = [];
    const runner = createSimulatedRunner({
      latencyMs: (request) => (request.model === "opus" ? 5 : 1),
      sleep: async (ms) => {
        seen.push(ms);
      },
    });
    const result = await runner.run({ agent: "planner", model: "opus", prompt: "Plan it\nmore" });
    expect(result.output).toBe("planner (opus): Plan it");
    expect(seen).toEqual([5]);
    expect(estimateTokens("abcde")).toBe(2);
  });

  it("takes usage overrides and fails on request", async () => {
    const runner = createSimulatedRunner({
      latencyMs: 0,
      respond: (request) =>
        request.model === "haiku"
          ? { output: "", fail: "overloaded" }
          : { output: "ok", usage: { cacheRead: 7 } },
    });
    await expect(runner.run({ agent: "a", model: "haiku", prompt: "p" })).rejects.toMatchObject({
      code: "RUNNER_FAILED",
      message: expect.stringContaining("overloaded"),
    });
    expect((await runner.run({ agent: "a", model: "sonnet", prompt: "p" })).usage.cacheRead).toBe(7);
  });

  it("turns an exception in respond into RUNNER_FAILED", async () => {
    const runner = createSimulatedRunner({
      latencyMs: 0,
      respond: () => {
        throw new Error("boom");
      },
    });
    const error = await runner.run({ agent: "a", model: "haiku", prompt: "p" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VextrusOrchestratorError);
    expect(error).toMatchObject({ code: "RUNNER_FAILED", cause: expect.any(Error) });
  });

  it("rejects with ABORTED promptly when the signal aborts, and at once when already aborted", async () => {
    const runner = createSimulatedRunner({ latencyMs: 10_000 });
    const controller = new AbortController();
    const t0 = performance.now();
    const running = runner.run({ agent: "a", model: "haiku", prompt: "p", signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(running).rejects.toMatchObject({ code: "ABORTED" });
    expect(performance.now() - t0).toBeLessThan(2_500);
    await expect(
      runner.run({ agent: "a", model: "haiku", prompt: "p", signal: controller.signal }),
    ).rejects.toMatchObject({ code: "ABORTED" });
  });

  it("aborts promptly even with a sleep that ignores the signal", async () => {
    const runner = createSimulatedRunner({ latencyMs: 10_000, sleep: () => new Promise(() => {}) });
    const controller = new AbortController();
    const running = runner.run({ agent: "a", model: "haiku", prompt: "p", signal: controller.signal });
    controller.abort();
    await expect(running).rejects.toMatchObject({ code: "ABORTED" });
  });

  it("rejects a bad latency with CONFIG_INVALID", async () => {
    const runner = createSimulatedRunner({ latencyMs: -1 });
    await expect(runner.run({ agent: "a", model: "haiku", prompt: "p" })).rejects.toMatchObject({
      code: "CONFIG_INVALID",
    });
  });
});
