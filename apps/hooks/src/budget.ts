import { existsSync } from "node:fs";
import { join } from "node:path";
import { STATE_FILES } from "@vextrus/config";
import { type BudgetStatus, budgetStatus, formatUsd, LOCAL_TIME_ZONE, storeView } from "@vextrus/cost";
import type { HookContext } from "./context.js";
import { withLedger } from "./ledger.js";
import type { HookSettings } from "./settings.js";

/**
 * This month's spend against the budget, from the usage the hooks (and `vextrus cost`) ingested; undefined when
 * nothing was ingested yet. Reads the store only: ingesting is the Stop and SessionEnd hooks' job.
 */
export async function readBudget(
  ctx: HookContext,
  settings: HookSettings,
): Promise<BudgetStatus | undefined> {
  // Nothing ingested yet, here or (by an older Vextrus) in this project: no budget to show, and no ledger made.
  if (!existsSync(ctx.ledger) && !existsSync(join(ctx.stateDir, STATE_FILES.projectLedger))) return undefined;
  const [config, book] = await Promise.all([settings.cost(), settings.priceBook()]);
  const now = ctx.now();
  // A day early in UTC covers every time zone's month start; budgetStatus keeps exactly the local month.
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0)).toISOString();
  return withLedger(ctx, (store) => {
    // From the ledger's rollups: the month's groups, not its requests (read only for a recommendation's saving).
    if (store.rollups({ by: [], fromHour: from.slice(0, 13) }).length === 0) return undefined;
    return budgetStatus(storeView(store), {
      book,
      monthlyBudgetUsd: config.monthly_budget_usd,
      alertThresholdPct: config.alert_threshold_pct,
      now,
      // The process's zone without Intl (~12 ms of ICU start-up a hook would pay); the same days as its IANA name.
      timezone: LOCAL_TIME_ZONE,
      agentTypes: store.agentTypes(),
    });
  });
}

/** `$123.45 of $500.00 spent in 2026-11 (24.7%), on pace for $410.00` */
export function budgetLine(status: BudgetStatus): string {
  return (
    `${formatUsd(status.spentPico)} of ${formatUsd(status.budgetPico)} spent in ${status.month} ` +
    `(${status.usedPct.toFixed(1)}%), on pace for ${formatUsd(status.projectedPico)}`
  );
}
