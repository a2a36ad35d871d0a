import { TIER_PLANS } from "@vextrus/complexity";
import type { AgentRunner, AgentRunResult, AgentUsage } from "../runner.js";
import { buildReviewPrompt, parseReview, type ReviewVerdict } from "./review-protocol.js";
import { addUsage } from "./usage.js";

export interface CascadeOptions {
  runner: AgentRunner;
  agent: string;
  prompt: string;
  system?: string;
  /** Default the reviewed tier's model in `@vextrus/complexity`'s `TIER_PLANS` ("haiku"). */
  draftModel?: string;
  /** Default the reviewed tier's reviewer there ("sonnet"). */
  reviewModel?: string;
  /** The agent type of the review run; default the drafting agent's. */
  reviewAgent?: string;
  maxTokens?: number;
  signal?: AbortSignal;
}

export interface CascadeResult {
  /** The draft when approved (or when the review broke the protocol), else the revision. */
  output: string;
  revised: boolean;
  verdict: ReviewVerdict;
  draft: AgentRunResult;
  review: AgentRunResult;
  usage: { draft: AgentUsage; review: AgentUsage; total: AgentUsage };
}

const REVIEWED = TIER_PLANS["haiku-with-sonnet-review"];

/**
 * The haiku-with-sonnet-review tier: the cheap model drafts, the strong one approves it or replies with a revised
 * answer (see `parseReview`). Runner errors (including ABORTED) reject as they are; a caller that retries wraps the
 * runner.
 */
export async function runCascade(options: CascadeOptions): Promise<CascadeResult> {
  const { runner, agent, prompt, system, maxTokens, signal } = options;
  const common = { ...(system !== undefined && { system }), ...(maxTokens !== undefined && { maxTokens }) };
  const draft = await runner.run({
    agent,
    model: options.draftModel ?? REVIEWED.model,
    prompt,
    ...common,
    ...(signal && { signal }),
  });
  const review = await runner.run({
    agent: options.reviewAgent ?? agent,
    model: options.reviewModel ?? REVIEWED.reviewer ?? REVIEWED.model,
    prompt: buildReviewPrompt({ task: prompt, draft: draft.output }),
    ...common,
    ...(signal && { signal }),
  });
  const verdict = parseReview(review.output);
  const revised = verdict.kind === "revise";
  return {
    output: verdict.kind === "revise" ? verdict.revision : draft.output,
    revised,
    verdict,
    draft,
    review,
    usage: { draft: draft.usage, review: review.usage, total: addUsage(draft.usage, review.usage) },
  };
}
