import type { ModelTier } from "./models.js";

/** The Claude model families a tier is made of, cheapest first. */
export type ModelFamily = "haiku" | "sonnet" | "opus";

export const MODEL_FAMILIES: readonly ModelFamily[] = Object.freeze(["haiku", "sonnet", "opus"]);

/**
 * How a tier's task is run. `model` does the work; when `reviewer` is set, that work is a draft the reviewer
 * approves or revises (the cascade). `escalation` is what to try next, weakest first, when the first attempt fails.
 * Every consumer reads the same plan and takes what it can use: a runner that can chain calls runs the cascade; one
 * that can set a single model (a Claude Code hook on an `Agent` call) sets `model` and leaves the review out.
 */
export interface TierPlan {
  readonly model: ModelFamily;
  readonly reviewer?: ModelFamily;
  readonly escalation: readonly ModelFamily[];
}

const plan = (model: ModelFamily, reviewer?: ModelFamily): TierPlan =>
  Object.freeze({
    model,
    ...(reviewer !== undefined && { reviewer }),
    // Escalation climbs past the model that did the work: a failed reviewed draft goes to the reviewer alone.
    escalation: Object.freeze(MODEL_FAMILIES.slice(MODEL_FAMILIES.indexOf(model) + 1)),
  });

/** The one tier → model mapping: what each tier of `selectModel` runs on. */
export const TIER_PLANS: Readonly<Record<ModelTier, TierPlan>> = Object.freeze({
  haiku: plan("haiku"),
  "haiku-with-sonnet-review": plan("haiku", "sonnet"),
  sonnet: plan("sonnet"),
  opus: plan("opus"),
});
