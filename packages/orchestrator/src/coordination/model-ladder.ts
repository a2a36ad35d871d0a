import { type ModelTier, type ScoreOptions, scoreTask } from "@vextrus/complexity";
import type { PlanNode } from "./plan.js";

/** The runner model (an alias or a full id) for each Claude family; default the Claude Code aliases. */
export interface TierModels {
  haiku: string;
  sonnet: string;
  opus: string;
}

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
 * The rungs of a tier: haiku → sonnet → opus, where the reviewed tier's first rung is the cascade and its next is
 * plain sonnet (the reviewer itself). Without `escalate` only the first rung.
 */
export function ladderFor(
  tier: ModelTier,
  models: TierModels = DEFAULT_TIER_MODELS,
  escalate = true,
): Rung[] {
  const single = (model: string): Rung => ({ kind: "single", model });
  const byTier: Record<ModelTier, Rung[]> = {
    haiku: [single(models.haiku), single(models.sonnet), single(models.opus)],
    "haiku-with-sonnet-review": [
      { kind: "cascade", draft: models.haiku, review: models.sonnet },
      single(models.sonnet),
      single(models.opus),
    ],
    sonnet: [single(models.sonnet), single(models.opus)],
    opus: [single(models.opus)],
  };
  const rungs = byTier[tier];
  return escalate ? rungs : rungs.slice(0, 1);
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
