import { describe, expect, it } from "vitest";
import type { AgentRunner, AgentRunRequest } from "../runner.js";
import { createSimulatedRunner } from "../runners/simulated.js";
import {
  AGENT_GATE_MAX_DIFF_CHARS,
  AGENT_GATE_VERDICT_INSTRUCTION,
  agentGatePrompt,
  createAgentGateRunner,
  cutDiff,
  parseAgentGateVerdict,
} from "./agent-verdict.js";
import type { AgentGate } from "./gate.js";

describe("parseAgentGateVerdict", () => {
  it("reads PASS and FAIL on the first line, in any case, bold or indented", () => {
    expect(parseAgentGateVerdict("PASS\nNo findings.")).toBe("PASS");
    expect(parseAgentGateVerdict("FAIL\nsrc/auth.ts:12 leaks the token")).toBe("FAIL");
    expect(parseAgentGateVerdict("pass")).toBe("PASS");
    expect(parseAgentGateVerdict("Fail")).toBe("FAIL");
    expect(parseAgentGateVerdict("  \n**PASS**\nok")).toBe("PASS");
  });

  it("takes trailing text on the verdict line, but not a longer word", () => {
    expect(parseAgentGateVerdict("PASS: nothing risky here")).toBe("PASS");
    expect(parseAgentGateVerdict("FAIL - two issues")).toBe("FAIL");
    expect(parseAgentGateVerdict("PASSED")).toBeUndefined();
    expect(parseAgentGateVerdict("FAILURE to review")).toBeUndefined();
  });

  it("has no verdict when the first line is something else, even if PASS comes later", () => {
    expect(parseAgentGateVerdict("")).toBeUndefined();
    expect(parseAgentGateVerdict("I reviewed the diff.\nPASS")).toBeUndefined();
    expect(parseAgentGateVerdict("Verdict: PASS")).toBeUndefined();
  });
});

describe("cutDiff", () => {
  it("keeps a diff of up to 100,000 characters whole and cuts a longer one, saying so", () => {
    expect(AGENT_GATE_MAX_DIFF_CHARS).toBe(100_000);
    const whole = "x".repeat(100_000);
    expect(cutDiff(whole)).toBe(whole);
    const cut = cutDiff(`${whole}y`);
    expect(cut).toBe(`${whole}\n… (diff cut at 100000 characters)`);
    expect(cut).not.toContain("y");
    expect(cutDiff("abcdef", 4)).toBe("abcd\n… (diff cut at 4 characters)");
  });

  it("rejects a limit that is not a whole number ≥ 1, naming the option", () => {
    for (const bad of [0, -1, 1.5, Number.NaN])
      expect(() => cutDiff("diff", bad)).toThrow(/maxDiffChars: expected a whole number/);
  });
});

describe("createAgentGateRunner", () => {
  const gate = (model?: string): AgentGate => ({
    name: "review",
    kind: "agent",
    level: "standard",
    agent: { type: "code-reviewer", prompt: "Review this change.", ...(model && { model }) },
  });

  function recording(answer: string): { runner: AgentRunner; requests: AgentRunRequest[] } {
    const requests: AgentRunRequest[] = [];
    const inner = createSimulatedRunner({ latencyMs: 0, respond: () => answer });
    return {
      requests,
      runner: {
        name: "recording",
        run: (request) => {
          requests.push(request);
          return inner.run(request);
        },
      },
    };
  }

  it("asks the gate's agent with the protocol prompt and passes only on PASS", async () => {
    const { runner, requests } = recording("PASS\nfine");
    const signal = new AbortController().signal;
    const run = createAgentGateRunner({ runner, diff: "+added line" });
    expect(await run(gate(), { signal })).toEqual({ passed: true, output: "PASS\nfine" });
    expect(requests[0]).toMatchObject({
      agent: "code-reviewer",
      model: "sonnet",
      prompt: agentGatePrompt("Review this change.", "+added line"),
    });
    expect(requests[0]?.prompt).toBe(
      `Review this change.\n\n${AGENT_GATE_VERDICT_INSTRUCTION}\n\n\`\`\`diff\n+added line\n\`\`\``,
    );

    const failing = createAgentGateRunner({ runner: recording("FAIL\nbad").runner, diff: "" });
    expect((await failing(gate(), { signal })).passed).toBe(false);
    const silent = createAgentGateRunner({ runner: recording("Looks fine to me").runner, diff: "" });
    expect((await silent(gate(), { signal })).passed).toBe(false);
  });

  it("uses the gate's model, else the default given, and cuts the diff for every gate", async () => {
    const { runner, requests } = recording("PASS");
    const signal = new AbortController().signal;
    const run = createAgentGateRunner({ runner, diff: "0123456789", defaultModel: "opus", maxDiffChars: 5 });
    await run(gate("haiku"), { signal });
    await run(gate(), { signal });
    expect(requests.map((r) => r.model)).toEqual(["haiku", "opus"]);
    for (const r of requests) expect(r.prompt).toContain("01234\n… (diff cut at 5 characters)\n```");
  });
});
