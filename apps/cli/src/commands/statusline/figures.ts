import {
  dayKeyFunction,
  isBudgetExceeded,
  LOCAL_TIME_ZONE,
  type PriceBook,
  recentActiveBlock,
  spendOf,
  type UsageView,
  usdToPico,
} from "@vextrus/cost";
import type { StatuslineFigures } from "./compose.js";

export interface LedgerFigureOptions {
  book: PriceBook;
  now: Date;
  sessionId?: string | undefined;
  /** The month's spend is read only for the budget segment; 0: no budget shown. */
  monthlyBudgetUsd: number;
  alertThresholdPct: number;
}

const DAY_MS = 86_400_000;
/** How far back the session's cost is summed: a session left open longer shows the cost of its last week. */
const SESSION_DAYS = 7;

/**
 * The session's, today's and the month's spend, the active 5-hour block and the budget's share, from the ledger's
 * rollups: a few sums for each spend (spendOf), and for the block the sums since its first hour, found from the last
 * day's hourly spans (recentActiveBlock, docs/usage-blocks.md). Days and months are the process's local ones, as a
 * person reads a clock.
 */
export function ledgerFigures(view: UsageView, options: LedgerFigureOptions): StatuslineFigures {
  const { book, now } = options;
  const dayOf = dayKeyFunction(LOCAL_TIME_ZONE);
  const today = dayOf(now.toISOString());
  const local = { book, timezone: LOCAL_TIME_ZONE, timezoneIsLocal: true } as const;
  const withBudget = options.monthlyBudgetUsd > 0;
  const figures: StatuslineFigures = {
    todayPico: spendOf(view, { ...local, since: today, until: today }).costPico,
  };
  if (options.sessionId !== undefined) {
    const since = dayOf(new Date(now.getTime() - SESSION_DAYS * DAY_MS).toISOString());
    const session = spendOf(view, { ...local, since, session: options.sessionId });
    if (session.requests > 0) figures.sessionPico = session.costPico;
  }
  const block = recentActiveBlock(view, { book, now });
  if (block)
    figures.block = {
      costPico: block.block.costPico,
      remainingMinutes: block.remainingMinutes,
      burnPicoPerHour: block.burnRate?.costPicoPerHour ?? null,
    };
  if (withBudget) {
    const monthPico = spendOf(view, { ...local, since: `${today.slice(0, 8)}01` }).costPico;
    const budgetPico = usdToPico(options.monthlyBudgetUsd);
    const usedPct = Number((monthPico * 10_000n) / budgetPico) / 100;
    figures.budget = {
      usedPct,
      level: isBudgetExceeded({ spentPico: monthPico, budgetPico })
        ? "exceeded"
        : usedPct >= options.alertThresholdPct
          ? "warning"
          : "ok",
    };
  }
  return figures;
}
