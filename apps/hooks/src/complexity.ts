import type { ComplexityScore, ModelTier, TaskContext, TierPlan } from "@vextrus/complexity";
import type { HookContext } from "./context.js";
import type { HookSettings } from "./settings.js";

/**
 * What a tier runs on, from `@vextrus/complexity`'s one tier → model mapping. An `Agent` call takes a single
 * `model`, so the hook sets `plan.model` (the drafting model of the reviewed tier) and names the reviewer only in
 * the prompt's recommendation.
 */
export async function tierPlan(tier: ModelTier): Promise<TierPlan> {
  const { TIER_PLANS } = await import("@vextrus/complexity/checked");
  return TIER_PLANS[tier];
}

const named = (family: string) => `${family.charAt(0).toUpperCase()}${family.slice(1)}`;

/** `Haiku`, or `Haiku, with Sonnet reviewing its work`. */
export function planText(plan: TierPlan): string {
  return plan.reviewer === undefined
    ? named(plan.model)
    : `${named(plan.model)}, with ${named(plan.reviewer)} reviewing its work`;
}

export async function scoreWith(settings: HookSettings, task: TaskContext): Promise<ComplexityScore> {
  // The rules are the defaults or came through parseComplexityRules (settings.complexity()), so the zod-free
  // entry fits: ~8 ms less on every prompt and every subagent call.
  const [{ scoreWithCheckedRules }, config] = await Promise.all([
    import("@vextrus/complexity/checked"),
    settings.complexity(),
  ]);
  return scoreWithCheckedRules(task, config ?? {});
}

/** The working tree's changes as complexity inputs; nothing when the project is not a git repository. */
export async function workingTreeTask(ctx: HookContext): Promise<Omit<TaskContext, "description">> {
  const [{ readGitChanges }, { changeSize }] = await Promise.all([
    import("@vextrus/risk/git"),
    import("@vextrus/risk/assess"),
  ]);
  try {
    return changeSize(
      await readGitChanges({ cwd: ctx.projectRoot, env: ctx.env, scope: { kind: "worktree" } }),
    );
  } catch (error) {
    if ((error as { code?: string }).code === "NOT_A_REPOSITORY") return {};
    throw error;
  }
}

export function reasonsText(score: ComplexityScore): string {
  if (score.reasons.length === 0) return "no rule fired";
  return score.reasons.map((r) => `${r.rule} +${r.points}`).join(", ");
}
