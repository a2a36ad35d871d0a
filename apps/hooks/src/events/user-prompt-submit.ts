import { isBudgetExceeded } from "@vextrus/cost";
import { budgetLine, readBudget } from "../budget.js";
import { planText, reasonsText, scoreWith, tierPlan, workingTreeTask } from "../complexity.js";
import type { EventHandler } from "../output.js";
import { prewarmHint } from "../prewarm.js";
import { loadHookSettings } from "../settings.js";
import { noteTurnStart } from "../task-log.js";

/**
 * Before the model sees a prompt: how complex the task is (the prompt plus the working tree's changes), which
 * model it needs and why, budget warnings, and hints from similar past tasks. Blocks only when
 * `optimization.cost.hard_budget_stop` is on and the month's budget is spent.
 */
export const userPromptSubmit: EventHandler = async (ctx) => {
  const prompt = ctx.input.prompt ?? "";
  // Claude Code itself submits a background agent's completion as a prompt (seen with 2.1.332): not the person's
  // task, so it is neither sized nor the start of a new turn.
  if (prompt.trimStart().startsWith("<task-notification>")) return undefined;
  const settings = loadHookSettings(ctx);
  noteTurnStart(ctx, prompt);
  const costOn = settings.flag("cost", "enabled");
  const context: string[] = [];
  const warnings: string[] = [];
  // A slash command is an instruction to Claude Code, not a task to size.
  const isTask = prompt.trim() !== "" && !prompt.trimStart().startsWith("/");
  const sizing = isTask && costOn && settings.flag("cost", "auto_model_selection");
  // git runs in child processes: start it first, and read the budget while they run.
  const changes = sizing ? workingTreeTask(ctx) : undefined;
  changes?.catch(() => {}); // awaited below; this only keeps an early return from leaving it unhandled

  if (
    costOn &&
    (settings.flag("monitoring", "show_cost_warnings") || settings.flag("cost", "hard_budget_stop"))
  ) {
    const budget = await readBudget(ctx, settings);
    if (budget && settings.flag("cost", "hard_budget_stop") && isBudgetExceeded(budget)) {
      return {
        decision: "block",
        reason:
          `Vextrus: the monthly budget is spent (${budgetLine(budget)}). Raise optimization.cost.monthly_budget_usd ` +
          "or turn optimization.cost.hard_budget_stop off in .claude/settings.local.json to go on.",
      };
    }
    if (budget && settings.flag("monitoring", "show_cost_warnings"))
      for (const alert of budget.alerts) warnings.push(`${alert.message}.`);
  }

  if (changes) {
    const score = await scoreWith(settings, { description: prompt, ...(await changes) });
    context.push(
      `Task complexity ${score.score}/100 (${reasonsText(score)}); recommended model: ${planText(await tierPlan(score.model))}. ` +
        "Give subagents that model unless their work needs more.",
    );
  }
  if (isTask && settings.flag("latency", "predictive_prewarming")) {
    const hint = await prewarmHint(ctx, prompt);
    if (hint) context.push(hint);
  }
  if (warnings.length > 0) context.push(...warnings);
  if (context.length === 0) return undefined;
  return {
    ...(warnings.length > 0 && { systemMessage: `Vextrus: ${warnings.join(" ")}` }),
    hookSpecificOutput: {
      hookEventName: "UserPromptSubmit",
      additionalContext: `Vextrus: ${context.join(" ")}`,
    },
  };
};
