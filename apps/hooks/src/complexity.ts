import type { ComplexityScore, ModelTier, TaskContext } from "@vextrus/complexity";
import type { HookContext } from "./context.js";
import type { HookSettings } from "./settings.js";

export const TIER_TEXT: Record<ModelTier, string> = {
  haiku: "Haiku",
  "haiku-with-sonnet-review": "Haiku, with Sonnet reviewing its work",
  sonnet: "Sonnet",
  opus: "Opus",
};

/** The model a subagent is given for a tier: a single call has no reviewer, so the reviewed tier gets Sonnet. */
export const TIER_MODEL: Record<ModelTier, "haiku" | "sonnet" | "opus"> = {
  haiku: "haiku",
  "haiku-with-sonnet-review": "sonnet",
  sonnet: "sonnet",
  opus: "opus",
};

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
  const [{ readGitChanges }, { assessChangeRisk }] = await Promise.all([
    import("@vextrus/risk/git"),
    import("@vextrus/risk/assess"),
  ]);
  try {
    const changes = await readGitChanges({ cwd: ctx.projectRoot, env: ctx.env, scope: { kind: "worktree" } });
    const diff = assessChangeRisk({ diff: changes.diff, files: changes.files });
    return {
      files: changes.files,
      linesChanged: diff.stats.added + diff.stats.removed,
      newFunctions: diff.stats.newFunctions,
    };
  } catch (error) {
    if ((error as { code?: string }).code === "NOT_A_REPOSITORY") return {};
    throw error;
  }
}

export function reasonsText(score: ComplexityScore): string {
  if (score.reasons.length === 0) return "no rule fired";
  return score.reasons.map((r) => `${r.rule} +${r.points}`).join(", ");
}
