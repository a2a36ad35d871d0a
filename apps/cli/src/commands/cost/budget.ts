import { type BudgetStatus, budgetStatus, formatUsd, isBudgetExceeded, picoToUsd } from "@vextrus/cost";
import type { CliContext } from "../../context.js";
import { type Painter, painter, renderTable } from "../../format.js";
import { type CostOptions, loadUsage } from "./load.js";
import { printEmpty } from "./report.js";

export async function runBudget(ctx: CliContext, options: CostOptions): Promise<number> {
  const loaded = await loadUsage(ctx, options);
  if ("empty" in loaded) return printEmpty(ctx, options, loaded.empty);
  // From the ledger's rollups; requests are read only for a recommendation's saving.
  let status: ReturnType<typeof budgetStatus>;
  try {
    status = budgetStatus(loaded.view, {
      book: loaded.book,
      monthlyBudgetUsd: loaded.config.monthly_budget_usd,
      alertThresholdPct: loaded.config.alert_threshold_pct,
      now: ctx.now(),
      timezone: loaded.timezone,
      timezoneIsLocal: loaded.timezoneIsLocal,
      agentTypes: loaded.agentTypes,
    });
  } finally {
    loaded.close();
  }
  if (options.json) {
    const usd = picoToUsd;
    ctx.stdout(
      `${JSON.stringify(
        {
          month: status.month,
          timezone: loaded.timezone,
          budget: usd(status.budgetPico),
          spent: usd(status.spentPico),
          remaining: usd(status.remainingPico),
          usedPct: status.usedPct,
          projected: usd(status.projectedPico),
          projectedPct: status.projectedPct,
          dailyAllowance: usd(status.dailyAllowancePico),
          daysElapsed: Number(status.daysElapsed.toFixed(3)),
          daysInMonth: status.daysInMonth,
          alerts: status.alerts,
          recommendations: status.recommendations.map((r) => ({
            ...r,
            potentialSavingPico: r.potentialSavingPico.toString(),
            potentialSaving: usd(r.potentialSavingPico),
          })),
          byAgent: status.byAgent.map((g) => ({ agent: g.key, cost: usd(g.costPico), requests: g.requests })),
          unpricedModels: status.unpricedModels,
        },
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  const paint = painter(ctx.color);
  const usedColor = spentPaint(status, loaded.config.alert_threshold_pct, paint);
  const lines = [
    paint.bold(`Budget ${status.month} (${loaded.timezone})`),
    `  Spent       ${usedColor(`${formatUsd(status.spentPico)} of ${formatUsd(status.budgetPico)} (${status.usedPct.toFixed(1)}%)`)}`,
    `  Projected   ${formatUsd(status.projectedPico)} by month end (${status.projectedPct.toFixed(0)}%), day ${status.daysElapsed.toFixed(1)} of ${status.daysInMonth}`,
    `  Remaining   ${formatUsd(status.remainingPico)}, ${formatUsd(status.dailyAllowancePico)} a day`,
  ];
  let out = `${lines.join("\n")}\n`;
  for (const alert of status.alerts) {
    out += `${alert.level === "critical" ? paint.red("✖") : paint.yellow("⚠")} ${alert.message}\n`;
  }
  if (status.byAgent.length > 0) {
    const rows = status.byAgent.slice(0, 10).map((g) => {
      const share = status.budgetPico > 0n ? Number((g.costPico * 1000n) / status.budgetPico) / 10 : 0;
      return [g.key, String(g.requests), formatUsd(g.costPico), `${share.toFixed(1)}%`];
    });
    out += renderTable(["Agent", "Requests", "Cost", "Of budget"], rows, { numeric: [1, 2, 3], paint });
  }
  for (const r of status.recommendations) out += `${paint.cyan("→")} ${r.message}\n`;
  ctx.stdout(out);
  return 0;
}

/** The colour of a budget's spent line: red once spent, yellow from the alert threshold, green below it. */
export function spentPaint(
  status: BudgetStatus,
  alertThresholdPct: number,
  paint: Painter,
): (text: string) => string {
  if (isBudgetExceeded(status)) return paint.red;
  return status.usedPct >= alertThresholdPct ? paint.yellow : paint.green;
}
