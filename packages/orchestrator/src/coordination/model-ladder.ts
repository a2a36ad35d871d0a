import {
  type ModelFamily,
  type ModelTier,
  type ScoreOptions,
  scoreTask,
  TIER_PLANS,
} from "@vextrus/complexity";
import type { PlanNode } from "./plan.js";

/** The runner model (an alias or a full id) for each Claude family; default the Claude Code aliases. */
export type TierModels = Record<ModelFamily, string>;

export const DEFAULT_TIER_MODELS: Readonly<TierModels> = Object.freeze({
  haiku: "haiku",
  sonnet: "sonnet",
  opus: "opus",
});

/** One way of running a node: one model, or a draft by one model reviewed by another. */
export type Rung =
  | { readonly kind: "single"; readonly model: string }
  | { readonly kind: "cascade"; readonly draft: string; readonly review: string };

export interface ModelChoice {
  /** "pinned" when the node names its model. */
  tier: ModelTier | "pinned";
  /** The complexity score, absent for pinned nodes. */
  score?: number;
  /** The first rung, then the escalations, weakest to strongest. */
  rungs: Rung[];
}

/**
 * The rungs of a tier, read from `@vextrus/complexity`'s `TIER_PLANS`: the plan's model alone, or its cascade
 * (the model drafts, the reviewer approves or revises), then one rung per escalation model, weakest first. Without
 * `escalate` only the first rung.
 */
export function ladderFor(
  tier: ModelTier,
  models: TierModels = DEFAULT_TIER_MODELS,
  escalate = true,
): Rung[] {
  const plan = TIER_PLANS[tier];
  const first: Rung =
    plan.reviewer === undefined
      ? { kind: "single", model: models[plan.model] }
      : { kind: "cascade", draft: models[plan.model], review: models[plan.reviewer] };
  if (!escalate) return [first];
  return [first, ...plan.escalation.map((family): Rung => ({ kind: "single", model: models[family] }))];
}

/**
 * A node's model: pinned as given (pinning is a decision, so no escalation either), else the tier
 * `@vextrus/complexity` gives its task and files.
 */
export function chooseModel(
  node: PlanNode,
  options: { complexity?: ScoreOptions; models?: TierModels; escalate?: boolean } = {},
): ModelChoice {
  if (node.model !== undefined) return { tier: "pinned", rungs: [{ kind: "single", model: node.model }] };
  const scored = scoreTask(
    { description: node.task, ...(node.files !== undefined && { files: node.files }) },
    options.complexity,
  );
  return {
    tier: scored.model,
    score: scored.score,
    rungs: ladderFor(scored.model, options.models ?? DEFAULT_TIER_MODELS, options.escalate ?? true),
  };
}
