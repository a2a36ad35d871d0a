import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TIER_PLANS } from "@vextrus/complexity";
import { describe, expect, it } from "vitest";
import { agentInput, output, type Payload, type Sandbox, sandbox } from "./harness.js";

const pre = (s: Sandbox, input: Payload) =>
  s.hook("PreToolUse", { tool_name: "Agent", tool_input: input, tool_use_id: "toolu_m1" });

const chosen = async (s: Sandbox, input: Payload) =>
  output(await pre(s, input))?.hookSpecificOutput?.updatedInput;

function agentDefinition(dir: string, name: string, front: string) {
  mkdirSync(join(dir, ".claude", "agents"), { recursive: true });
  writeFileSync(
    join(dir, ".claude", "agents", `${name}.md`),
    `---\nname: ${name}\ndescription: Reviews code\n${front}\n---\n\nYou review code.\n`,
  );
}

describe("PreToolUse: automatic model choice", () => {
  it("gives the call the model of its complexity tier, keeping every other field", async () => {
    const s = sandbox();
    const simple = agentInput("List the files under src", "Explore", { run_in_background: true });
    expect(await chosen(s, simple)).toEqual({ ...simple, model: "haiku" });
    // 45 points: Haiku with a Sonnet review. A single call takes one model: the plan's drafting model, the same
    // @vextrus/complexity mapping the orchestrator's cascade drafts with.
    const reviewed = agentInput("Check the payment retries for event sourcing bugs", "code-reviewer");
    expect(TIER_PLANS["haiku-with-sonnet-review"]).toMatchObject({ model: "haiku", reviewer: "sonnet" });
    expect(await chosen(s, reviewed)).toEqual({
      ...reviewed,
      model: TIER_PLANS["haiku-with-sonnet-review"].model,
    });
    s.settings({ complexity: { thresholds: { haiku: 10, haiku_with_sonnet_review: 20, sonnet: 30 } } });
    expect(await chosen(s, reviewed)).toEqual({ ...reviewed, model: "opus" });
  });

  it("scores the description with the prompt", async () => {
    const s = sandbox();
    const input = {
      description: "Audit event sourcing",
      prompt: "Go through src/",
      subagent_type: "Explore",
    };
    expect(await chosen(s, input)).toMatchObject({ model: "haiku" }); // event-sourcing: 15 points
    // payment-topic 30 + auth-topic 30 from the description alone: Sonnet.
    expect(await chosen(s, { ...input, description: "Audit payment auth" })).toMatchObject({
      model: "sonnet",
    });
    // 45 points; with no reviewed tier configured that is Sonnet.
    s.settings({ complexity: { thresholds: { haiku: 30, haiku_with_sonnet_review: 30 } } });
    const both = { ...input, description: "payment event sourcing" };
    expect(await chosen(s, both)).toMatchObject({ model: "sonnet" });
  });

  it("leaves a model the caller named alone", async () => {
    const s = sandbox();
    expect(await pre(s, agentInput("List the files", "Explore", { model: "opus" }))).toEqual({
      stdout: "",
      stderr: "",
      exitCode: 0,
    });
  });

  it("leaves a model the agent definition pins alone, project or user level, but not `inherit`", async () => {
    const s = sandbox();
    agentDefinition(s.root, "code-reviewer", "model: opus");
    expect((await pre(s, agentInput("Review src/app.ts", "code-reviewer"))).stdout).toBe("");

    agentDefinition(s.home, "security-auditor", 'model: "sonnet" # team choice');
    expect((await pre(s, agentInput("Audit src/app.ts", "security-auditor"))).stdout).toBe("");

    agentDefinition(s.root, "doc-writer", "model: inherit");
    expect(await chosen(s, agentInput("Document src/app.ts", "doc-writer"))).toMatchObject({
      model: "haiku",
    });

    agentDefinition(s.root, "no-model", "tools: Read, Grep");
    expect(await chosen(s, agentInput("Document src/app.ts", "no-model"))).toMatchObject({ model: "haiku" });
  });

  it("gives the default agent a model when the call names no type", async () => {
    const s = sandbox();
    agentDefinition(s.root, "general-purpose", "model: opus");
    expect((await pre(s, { description: "x", prompt: "List the files" })).stdout).toBe("");
  });

  it("chooses nothing when automatic selection or cost tracking is off", async () => {
    const s = sandbox();
    s.settings({ cost: { auto_model_selection: false } });
    expect((await pre(s, agentInput("List the files"))).stdout).toBe("");
    s.settings({ cost: { enabled: false } });
    expect((await pre(s, agentInput("List the files"))).stdout).toBe("");
  });

  it("says which switch is broken and uses its default", async () => {
    const s = sandbox();
    s.settings({ cost: { auto_model_selection: "yes" } });
    const r = await pre(s, agentInput("List the files"));
    expect(output(r)?.hookSpecificOutput?.updatedInput).toMatchObject({ model: "haiku" });
    expect(r.stderr).toBe(
      'vextrus-hook: optimization.cost.auto_model_selection: expected true or false, got "yes"; using the default (see `vextrus config validate`)\n',
    );
  });
});
