import { describe, expect, it } from "vitest";
import { DEFAULT_MODEL_THRESHOLDS, type ModelTier, selectModel } from "./models.js";
import { MODEL_FAMILIES, TIER_PLANS } from "./tier-plan.js";

describe("TIER_PLANS", () => {
  it("runs the reviewed tier as a haiku draft that sonnet reviews, the others on one model", () => {
    expect(TIER_PLANS).toEqual({
      haiku: { model: "haiku", escalation: ["sonnet", "opus"] },
      "haiku-with-sonnet-review": { model: "haiku", reviewer: "sonnet", escalation: ["sonnet", "opus"] },
      sonnet: { model: "sonnet", escalation: ["opus"] },
      opus: { model: "opus", escalation: [] },
    });
  });

  it("never plans a cheaper model for a higher tier, and escalates only to stronger models", () => {
    const rank = (family: string) => MODEL_FAMILIES.indexOf(family as never);
    const tiers: ModelTier[] = [0, 30, 60].map((s) => selectModel(s, DEFAULT_MODEL_THRESHOLDS));
    tiers.push("opus");
    for (const [i, tier] of tiers.entries()) {
      const { model, reviewer, escalation } = TIER_PLANS[tier];
      const previous = tiers[i - 1];
      if (previous !== undefined)
        expect(rank(model)).toBeGreaterThanOrEqual(rank(TIER_PLANS[previous].model));
      if (reviewer !== undefined) expect(rank(reviewer)).toBeGreaterThan(rank(model));
      for (const next of escalation) expect(rank(next)).toBeGreaterThan(rank(model));
    }
  });

  it("is frozen, so no consumer can change the mapping for the others", () => {
    expect(Object.isFrozen(TIER_PLANS)).toBe(true);
    expect(Object.isFrozen(TIER_PLANS.haiku.escalation)).toBe(true);
    expect(() => {
      (TIER_PLANS as Record<string, unknown>).haiku = { model: "opus" };
    }).toThrow(TypeError);
  });
});
