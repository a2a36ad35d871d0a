import { describe, expect, it } from "vitest";
import type { AgentRunRequest } from "../runner.js";
import { createSimulatedRunner } from "../runners/simulated.js";
import { runCascade } from "./cascade.js";

function reviewing(review: string) {
  const requests: AgentRunRequest[] = [];
  const runner = createSimulatedRunner({
    latencyMs: 1,
    respond: (request) => {
      requests.push(request);
      return request.model === "haiku" ? "draft answer" : review;
    },
  });
  return { runner, requests };
}

describe("runCascade", () => {
  it("keeps the draft when the reviewer approves, and reports both usages", async () => {
    const { runner, requests } = reviewing("APPROVE");
    const result = await runCascade({ runner, agent: "worker", prompt: "Write a slugify helper" });
    expect(result.output).toBe("draft answer");
    expect(result.revised).toBe(false);
    expect(result.verdict).toEqual({ kind: "approve" });
    expect(requests.map((r) => r.model)).toEqual(["haiku", "sonnet"]);
    expect(requests[1]?.prompt).toContain("<draft>\ndraft answer\n</draft>");
    expect(result.usage.draft).toEqual(result.draft.usage);
    expect(result.usage.review).toEqual(result.review.usage);
    expect(result.usage.total.input).toBe(result.draft.usage.input + result.review.usage.input);
    expect(result.usage.total.output).toBe(3 + 2); // "draft answer" (12 chars), "APPROVE" (7)
  });

  it("returns the revision when the reviewer revises", async () => {
    const { runner } = reviewing("REVISE\nbetter answer");
    const result = await runCascade({
      runner,
      agent: "worker",
      prompt: "p",
      draftModel: "haiku",
      reviewModel: "sonnet",
    });
    expect(result).toMatchObject({ output: "better answer", revised: true });
    expect(result.review.model).toBe("claude-sonnet-5-5");
  });

  it("keeps the draft when the review breaks the protocol", async () => {
    const { runner } = reviewing("I think it is mostly fine");
    const result = await runCascade({ runner, agent: "worker", prompt: "p" });
    expect(result).toMatchObject({ output: "draft answer", revised: false, verdict: { kind: "unparsed" } });
  });

  it("lets runner errors through", async () => {
    const runner = createSimulatedRunner({
      latencyMs: 0,
      respond: (request) => (request.model === "sonnet" ? { output: "", fail: true } : "draft"),
    });
    await expect(runCascade({ runner, agent: "w", prompt: "p" })).rejects.toMatchObject({
      code: "RUNNER_FAILED",
    });
  });
});
