import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { STATE_FILES } from "@vextrus/config";
import { formatUsd } from "@vextrus/cost";
import { budgetLine, readBudget } from "./budget.js";
import type { HookContext } from "./context.js";
import type { HookSettings } from "./settings.js";
import { withStore } from "./store-pool.js";

/** The SessionStart status: budget, its alerts, and the top suggestions, each a sentence. */
export async function sessionStatus(ctx: HookContext, settings: HookSettings): Promise<string[]> {
  const lines: string[] = [];
  const budget = settings.flag("cost", "enabled") ? await readBudget(ctx, settings) : undefined;
  if (budget) {
    lines.push(`Budget: ${budgetLine(budget)}.`);
    for (const alert of budget.alerts)
      lines.push(`${alert.level === "critical" ? "⛔" : "⚠"} ${alert.message}.`);
  } else if (settings.flag("cost", "enabled")) {
    const config = await settings.cost();
    lines.push(`Budget: $${config.monthly_budget_usd.toFixed(2)} a month; no spend recorded yet this month.`);
  }
  const saved = await monthSavings(ctx);
  if (saved) lines.push(saved);
  if (settings.flag("monitoring", "show_optimization_suggestions")) {
    for (const s of await topSuggestions(ctx, settings, budget)) lines.push(`Suggestion: ${s}`);
  }
  return lines;
}

/** `Saved $4.20 this month: cache $3.10 (5 runs, 12 min), routing $1.10 (3 runs).`, when anything was saved. */
async function monthSavings(ctx: HookContext): Promise<string | undefined> {
  const path = join(ctx.stateDir, STATE_FILES.metrics);
  if (!existsSync(path)) return undefined;
  const [{ savingsSentence }, { readSavingsSummary }] = await Promise.all([
    import("@vextrus/metrics"),
    import("@vextrus/metrics/node"),
  ]);
  // The calendar month of the process's time zone, as the budget counts it.
  const now = ctx.now();
  const from = new Date(now.getFullYear(), now.getMonth(), 1).toISOString();
  const to = new Date(now.getFullYear(), now.getMonth() + 1, 1).toISOString();
  const summary = readSavingsSummary(path, { from, to });
  if (summary.cache.runs + summary.routing.runs === 0) return undefined;
  const sentence = savingsSentence(summary, "this month");
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
}

async function topSuggestions(
  ctx: HookContext,
  settings: HookSettings,
  budget: Awaited<ReturnType<typeof readBudget>>,
): Promise<string[]> {
  const path = join(ctx.stateDir, STATE_FILES.metrics);
  if (!existsSync(path)) return [];
  const [{ summarizeAgents, suggestOptimizations }, { openSqliteMetricsStore }, book] = await Promise.all([
    import("@vextrus/metrics"),
    import("@vextrus/metrics/node"),
    settings.priceBook(),
  ]);
  return withStore(
    ctx,
    path,
    () => openSqliteMetricsStore(path),
    (store) => {
      const summary = summarizeAgents(store, { now: ctx.now(), days: 30 });
      const suggestions = suggestOptimizations(summary, budget ? { budget } : {}, {
        book,
      });
      return suggestions.slice(0, 2).map((s) => {
        const saving = s.estimatedSavingPico > 0n ? ` (about ${formatUsd(s.estimatedSavingPico)})` : "";
        return `${s.message}${saving}: ${s.action}`;
      });
    },
  );
}

/** The current branch, read from `.git/HEAD` (no git process: this runs at every session start). */
export function currentBranch(projectRoot: string): string | undefined {
  const head = join(projectRoot, ".git", "HEAD");
  if (!existsSync(head)) return undefined;
  try {
    return /^ref: refs\/heads\/(.+)$/m.exec(readFileSync(head, "utf8"))?.[1]?.trim();
  } catch {
    return undefined;
  }
}
