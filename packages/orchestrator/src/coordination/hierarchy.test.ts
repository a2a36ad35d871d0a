import { createPriceBook } from "@vextrus/cost";
import { describe, expect, it } from "vitest";
import type { AgentRunner, AgentRunRequest } from "../runner.js";
import { createSimulatedRunner, type SimulatedResponse } from "../runners/simulated.js";
import { type HierarchyEvent, runHierarchy } from "./hierarchy.js";
import type { PlanNode } from "./plan.js";

const firstLine = (text: string) => text.split("\n", 1)[0] ?? "";

/** A simulated runner answering `done: <first line of the task>`, counting runs in flight. */
function tracked(
  options: {
    latencyMs?: number | ((r: AgentRunRequest) => number);
    respond?: (r: AgentRunRequest) => string | SimulatedResponse;
  } = {},
) {
  const log: AgentRunRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const inner = createSimulatedRunner({
    latencyMs: options.latencyMs ?? 5,
    respond: options.respond ?? ((request) => `done: ${firstLine(request.prompt)}`),
  });
  const runner: AgentRunner = {
    name: "tracked",
    async run(request) {
      log.push(request);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        return await inner.run(request);
      } finally {
        inFlight -= 1;
      }
    },
  };
  return { runner, log, maxInFlight: () => maxInFlight };
}

const worker = (id: string, extra: Partial<PlanNode> = {}): PlanNode => ({
  id,
  agent: "worker",
  task: `Task ${id}`,
  ...extra,
});

// 1 + 3 + 7: the shape of the benchmark.
const tree: PlanNode = {
  id: "root",
  agent: "strategist",
  task: "Task root",
  children: [
    { id: "c1", agent: "coordinator", task: "Task c1", children: [worker("w1"), worker("w2"), worker("w3")] },
    { id: "c2", agent: "coordinator", task: "Task c2", children: [worker("w4"), worker("w5")] },
    { id: "c3", agent: "coordinator", task: "Task c3", children: [worker("w6"), worker("w7")] },
  ],
};

// payment-topic 30 + auth-path 25 = 55: the haiku-with-sonnet-review tier.
const medium = { task: "Fix the payment rounding", files: ["src/auth/refund.ts"] };

describe("runHierarchy", () => {
  it("runs children before parents and integrates their outputs into the parent's prompt", async () => {
    const { runner, log } = tracked();
    const events: HierarchyEvent[] = [];
    const result = await runHierarchy(tree, { runner, concurrency: 8, onEvent: (e) => events.push(e) });
    expect(result.status).toBe("succeeded");
    expect(result.root.output).toBe("done: Task root");
    expect([...result.nodes.keys()]).toEqual([
      "w1",
      "w2",
      "w3",
      "c1",
      "w4",
      "w5",
      "c2",
      "w6",
      "w7",
      "c3",
      "root",
    ]);
    const endAt = new Map(events.flatMap((e) => (e.type === "node-end" ? [[e.id, e.at] as const] : [])));
    const startAt = new Map(events.flatMap((e) => (e.type === "node-start" ? [[e.id, e.at] as const] : [])));
    const check = (node: PlanNode) => {
      for (const child of node.children ?? []) {
        expect(startAt.get(node.id)).toBeGreaterThanOrEqual(endAt.get(child.id) ?? Number.POSITIVE_INFINITY);
        check(child);
      }
    };
    check(tree);
    const rootPrompt = log.find((r) => r.agent === "strategist")?.prompt ?? "";
    expect(rootPrompt.startsWith("Task root\n")).toBe(true);
    for (const id of ["c1", "c2", "c3"])
      expect(rootPrompt).toContain(`### ${id} (coordinator)\ndone: Task ${id}`);
    const c1Prompt = log.find((r) => r.prompt.startsWith("Task c1"))?.prompt ?? "";
    for (const id of ["w1", "w2", "w3"]) expect(c1Prompt).toContain(`### ${id} (worker)\ndone: Task ${id}`);
    expect(c1Prompt).not.toContain("Task w4");
    expect(log).toHaveLength(11);
  });

  it("never has more than `concurrency` runs in flight", async () => {
    for (const concurrency of [1, 3]) {
      const { runner, maxInFlight } = tracked({ latencyMs: 3 });
      const result = await runHierarchy(tree, { runner, concurrency });
      expect(result.status).toBe("succeeded");
      expect(maxInFlight()).toBe(concurrency);
      expect(result.maxInFlight).toBe(concurrency);
    }
  });

  it("chooses each node's model from its complexity", async () => {
    const authFiles = Array.from({ length: 12 }, (_, i) => `src/auth/session-${i}.ts`);
    const plan: PlanNode = {
      id: "root",
      agent: "strategist",
      task: "Integrate the results",
      model: "opus",
      children: [
        worker("plain", { task: "Rename a variable in the README example", files: ["README.md"] }),
        worker("risky", { task: "Move payment capture behind the auth guard", files: authFiles }),
        worker("medium", { task: "Fix the payment rounding", files: ["src/auth/refund.ts"] }),
      ],
    };
    const { runner, log } = tracked({
      respond: (request) =>
        request.prompt.startsWith("You review") ? "APPROVE" : `done: ${firstLine(request.prompt)}`,
    });
    const result = await runHierarchy(plan, { runner, concurrency: 4 });
    const node = (id: string) => result.nodes.get(id);
    expect(node("plain")).toMatchObject({ tier: "haiku", score: 0, model: "haiku", attempts: 1 });
    // auth-path 25 + many-files 30 + payment-topic 30 + auth-topic 30 = 115, capped
    expect(node("risky")).toMatchObject({ tier: "sonnet", score: 100, model: "sonnet" });
    expect(node("medium")).toMatchObject({
      tier: "haiku-with-sonnet-review",
      score: 55, // payment-topic 30 + auth-path 25
      model: "haiku",
      review: { model: "sonnet", verdict: "approve", revised: false },
    });
    expect(node("medium")?.runs.map((r) => `${r.role}:${r.model}`)).toEqual(["draft:haiku", "review:sonnet"]);
    expect(node("root")).toMatchObject({ tier: "pinned", model: "opus" });
    expect(log.find((r) => r.agent === "strategist")?.model).toBe("opus");

    // With a sonnet threshold the same risky task reaches opus.
    const strict = await runHierarchy(
      worker("risky", { task: "Move payment capture behind the auth guard", files: authFiles }),
      {
        runner,
        complexity: { thresholds: { haiku: 30, haikuWithSonnetReview: 60, sonnet: 70 } },
      },
    );
    expect(strict.root).toMatchObject({ tier: "opus", model: "opus" });
  });

  it("accounts usage and cost per node and in total from the price book", async () => {
    const plan: PlanNode = {
      id: "root",
      agent: "strategist",
      task: "Summarize",
      model: "sonnet",
      children: [worker("w1", { task: "Rename the helper" })],
    };
    const { runner, log } = tracked({
      respond: (r) => (r.agent === "worker" ? "y".repeat(400) : "z".repeat(40)),
    });
    const result = await runHierarchy(plan, { runner, priceBook: createPriceBook() });
    const w1 = result.nodes.get("w1");
    // "Rename the helper" is 17 characters: 5 input tokens; 400 characters out: 100 output tokens.
    // Haiku 5.5 is $0.10 / $0.50 per million tokens: 100,000 and 500,000 pico-dollars a token.
    expect(w1?.usage).toEqual({ input: 5, output: 100, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 });
    expect(w1?.costPico).toBe(BigInt(5 * 100_000 + 100 * 500_000));
    expect(w1?.costPico).toBe(50_500_000n);
    // Sonnet 5.5 is $2 / $10 per million: 2,000,000 and 10,000,000 pico a token.
    const root = result.root;
    expect(root.usage.output).toBe(10);
    const rootPrompt = log[1]?.prompt ?? "";
    expect(rootPrompt).toBe(
      `Summarize\n\nResults of the sub-tasks you delegated; integrate them into your answer.\n\n### w1 (worker)\n${"y".repeat(400)}`,
    );
    expect(root.usage.input).toBe(Math.ceil(rootPrompt.length / 4));
    expect(root.usage.input).toBe(126); // 101 + 400 = 501 characters
    expect(root.costPico).toBe(BigInt(root.usage.input * 2_000_000 + 10 * 10_000_000));
    expect(result.costPico).toBe(50_500_000n + root.costPico);
    expect(result.usage.output).toBe(110);
    expect(result.unpricedModels).toEqual([]);
  });

  it("lists models the price book does not know instead of pricing them at zero silently", async () => {
    const { runner } = tracked();
    const result = await runHierarchy(worker("w", { model: "my-local-model" }), { runner });
    expect(result.root.runs[0]).toMatchObject({ priced: false, costPico: 0n });
    expect(result.unpricedModels).toEqual(["my-local-model"]);
  });

  it("retries a failing model, then escalates to a stronger one", async () => {
    const { runner, log } = tracked({
      respond: (r) => (r.model === "haiku" ? { output: "", fail: "overloaded" } : `done by ${r.model}`),
    });
    const events: HierarchyEvent[] = [];
    const result = await runHierarchy(worker("w"), { runner, retries: 1, onEvent: (e) => events.push(e) });
    expect(result.root).toMatchObject({
      status: "succeeded",
      model: "sonnet",
      attempts: 3,
      output: "done by sonnet",
    });
    expect(result.root.runs.map((r) => `${r.model}#${r.attempt}:${r.ok}`)).toEqual([
      "haiku#1:false",
      "haiku#2:false",
      "sonnet#1:true",
    ]);
    expect(log.map((r) => r.model)).toEqual(["haiku", "haiku", "sonnet"]);
    expect(events.filter((e) => e.type === "escalate")).toMatchObject([{ from: "haiku", to: "sonnet" }]);
    // Failed attempts report no usage, so only the sonnet run is paid for.
    expect(result.root.costPico).toBe(result.root.runs[2]?.costPico);
  });

  it("gives up after the strongest model and skips the ancestors, or without escalation after the retries", async () => {
    const failing = tracked({ respond: (r) => (r.agent === "worker" ? { output: "", fail: true } : "ok") });
    const plan: PlanNode = {
      id: "root",
      agent: "lead",
      task: "Integrate",
      children: [worker("bad"), worker("good", { agent: "helper" })],
    };
    const result = await runHierarchy(plan, { runner: failing.runner, retries: 1 });
    expect(result.status).toBe("failed");
    expect(result.nodes.get("bad")).toMatchObject({ status: "failed", attempts: 6, model: "opus" });
    expect(result.nodes.get("bad")?.error).toMatchObject({ code: "RUNNER_FAILED" });
    expect(result.nodes.get("good")).toMatchObject({ status: "succeeded" });
    expect(result.root).toMatchObject({ status: "skipped", attempts: 0 });

    const noEscalation = await runHierarchy(worker("bad"), {
      runner: failing.runner,
      retries: 2,
      escalate: false,
    });
    expect(noEscalation.root).toMatchObject({ status: "failed", attempts: 3, model: "haiku" });

    const pinned = await runHierarchy(worker("bad", { model: "haiku" }), {
      runner: failing.runner,
      retries: 0,
    });
    expect(pinned.root).toMatchObject({ status: "failed", attempts: 1, model: "haiku" });
  });

  it("escalates a failed review cascade to plain sonnet", async () => {
    const { runner } = tracked({
      respond: (r) => (r.prompt.startsWith("You review") ? { output: "", fail: true } : `done by ${r.model}`),
    });
    const result = await runHierarchy(worker("w", medium), { runner, retries: 0 });
    expect(result.root).toMatchObject({
      tier: "haiku-with-sonnet-review",
      status: "succeeded",
      model: "sonnet",
    });
    expect(result.root.runs.map((r) => `${r.role}:${r.model}:${r.ok}`)).toEqual([
      "draft:haiku:true",
      "review:sonnet:false",
      "run:sonnet:true",
    ]);
    // The draft was paid for even though its review failed.
    expect(result.root.costPico).toBe(
      (result.root.runs[0]?.costPico ?? 0n) + (result.root.runs[2]?.costPico ?? 0n),
    );
  });

  it("uses the reviewer's revision in the tree", async () => {
    const { runner } = tracked({
      respond: (r) => (r.prompt.startsWith("You review") ? "REVISE\nround half even" : "round half up"),
    });
    const result = await runHierarchy(worker("w", medium), { runner });
    expect(result.root).toMatchObject({
      output: "round half even",
      model: "sonnet",
      review: { verdict: "revise", revised: true },
      attempts: 2,
    });
  });

  it("cancels mid-tree: in-flight runs abort, pending nodes never start", async () => {
    // w1 and w2 are quick; every later run would take 5 s unless the abort reaches it.
    const quick = new Set(["Task w1", "Task w2"]);
    const { runner: inner, log } = tracked({
      latencyMs: (r) => (quick.has(firstLine(r.prompt)) ? 40 : 5_000),
    });
    const controller = new AbortController();
    // The abort comes once w3 and w4 are both in flight, by event rather than by a timer a loaded machine outruns.
    const runner: AgentRunner = {
      name: "aborts-at-the-4th-run",
      run(request) {
        const running = inner.run(request);
        if (log.length === 4) queueMicrotask(() => controller.abort());
        return running;
      },
    };
    const t0 = performance.now();
    const result = await runHierarchy(tree, { runner, concurrency: 2, signal: controller.signal });
    expect(performance.now() - t0).toBeLessThan(2_500);
    expect(result.status).toBe("cancelled");
    // w1, w2 finished at 40 ms; w3 and w4 were in flight when the abort came.
    expect(log.map((r) => firstLine(r.prompt))).toEqual(["Task w1", "Task w2", "Task w3", "Task w4"]);
    const statuses = Object.fromEntries([...result.nodes].map(([id, node]) => [id, node.status]));
    expect(statuses).toEqual({
      w1: "succeeded",
      w2: "succeeded",
      w3: "cancelled",
      c1: "cancelled",
      w4: "cancelled",
      w5: "cancelled",
      c2: "cancelled",
      w6: "cancelled",
      w7: "cancelled",
      c3: "cancelled",
      root: "cancelled",
    });
    expect(result.nodes.get("w5")?.attempts).toBe(0);
    expect(result.nodes.get("w1")?.costPico).toBeGreaterThan(0n);
  });

  it("starts nothing when the signal is already aborted", async () => {
    const { runner, log } = tracked();
    const result = await runHierarchy(tree, { runner, signal: AbortSignal.abort() });
    expect(result.status).toBe("cancelled");
    expect(log).toEqual([]);
  });

  it("does not wait for a runner that ignores the signal", async () => {
    const runner: AgentRunner = { name: "stuck", run: () => new Promise(() => {}) };
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 10);
    const result = await runHierarchy(worker("w"), { runner, signal: controller.signal });
    expect(result.root.status).toBe("cancelled");
  });

  it("rejects an invalid plan or options before running anything", async () => {
    const { runner, log } = tracked();
    const duplicate: PlanNode = { id: "r", agent: "a", task: "t", children: [worker("x"), worker("x")] };
    await expect(runHierarchy(duplicate, { runner })).rejects.toMatchObject({
      code: "PLAN_INVALID",
      message: expect.stringContaining('plan node "x" (r > x): duplicate id'),
    });
    await expect(runHierarchy(worker("w", { task: "" }), { runner })).rejects.toMatchObject({
      code: "PLAN_INVALID",
      message: expect.stringContaining('"w" (w): task'),
    });
    await expect(runHierarchy(worker("w"), { runner, retries: -1 })).rejects.toMatchObject({
      code: "CONFIG_INVALID",
    });
    await expect(runHierarchy(worker("w"), { runner, concurrency: 0 })).rejects.toMatchObject({
      code: "CONFIG_INVALID",
    });
    expect(log).toEqual([]);
  });

  it("survives a throwing event listener", async () => {
    const { runner } = tracked();
    const result = await runHierarchy(tree, {
      runner,
      onEvent: () => {
        throw new Error("listener bug");
      },
    });
    expect(result.status).toBe("succeeded");
  });
});
