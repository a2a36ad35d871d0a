import { type ModelTier, TIER_PLANS } from "@vextrus/complexity";
import { describe, expect, it } from "vitest";
import { chooseModel, DEFAULT_TIER_MODELS, ladderFor } from "./model-ladder.js";

const TIERS = Object.keys(TIER_PLANS) as ModelTier[];

describe("ladderFor", () => {
  it("runs each tier on the models @vextrus/complexity plans for it, as the hooks read them", () => {
    for (const tier of TIERS) {
      const plan = TIER_PLANS[tier];
      const [first, ...escalations] = ladderFor(tier);
      // The hook sets `plan.model` on an Agent call: the model that does the work here too.
      expect(first?.kind === "cascade" ? first.draft : first?.model).toBe(plan.model);
      expect(first?.kind === "cascade" ? first.review : undefined).toBe(plan.reviewer);
      expect(escalations).toEqual(plan.escalation.map((model) => ({ kind: "single", model })));
    }
  });

  it("drafts the reviewed tier on haiku and has sonnet review it, then climbs to sonnet and opus", () => {
    expect(ladderFor("haiku-with-sonnet-review")).toEqual([
      { kind: "cascade", draft: "haiku", review: "sonnet" },
      { kind: "single", model: "sonnet" },
      { kind: "single", model: "opus" },
    ]);
    expect(ladderFor("haiku-with-sonnet-review", DEFAULT_TIER_MODELS, false)).toHaveLength(1);
    expect(ladderFor("opus")).toEqual([{ kind: "single", model: "opus" }]);
  });

  it("puts the caller's model ids on the planned families", () => {
    const models = { haiku: "claude-haiku-4-5", sonnet: "claude-sonnet-4-5", opus: "claude-opus-4-5" };
    expect(ladderFor("haiku-with-sonnet-review", models)[0]).toEqual({
      kind: "cascade",
      draft: "claude-haiku-4-5",
      review: "claude-sonnet-4-5",
    });
  });
});

describe("chooseModel", () => {
  it("takes the tier complexity scores and its planned ladder; a pinned model is used alone", () => {
    // payment-topic 30 + auth-path 25 = 55: the reviewed tier.
    const choice = chooseModel({
      id: "n",
      agent: "worker",
      task: "Fix the payment rounding",
      files: ["src/auth/x.ts"],
    });
    expect(choice).toMatchObject({ tier: "haiku-with-sonnet-review", score: 55 });
    expect(choice.rungs).toEqual(ladderFor("haiku-with-sonnet-review"));
    expect(chooseModel({ id: "p", agent: "worker", task: "x", model: "opus" }).rungs).toEqual([
      { kind: "single", model: "opus" },
    ]);
  });
});
