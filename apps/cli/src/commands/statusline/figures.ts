import {
  activeBlock,
  costOfRequest,
  dayKeyFunction,
  isBudgetExceeded,
  LOCAL_TIME_ZONE,
  type Pico,
  type PriceBook,
  type UsageRecord,
  usdToPico,
} from "@vextrus/cost";
import type { StatuslineFigures } from "./compose.js";

export interface LedgerFigureOptions {
  book: PriceBook;
  now: Date;
  sessionId?: string | undefined;
  monthlyBudgetUsd: number;
  alertThresholdPct: number;
}

const DAY_MS = 86_400_000;

/**
 * The first instant whose requests the status line needs. Today, the session and the active block need the last
 * day: a block's start depends on the requests before it only back to the last pause of 5 hours, which a day
 * holds unless someone worked without one for 24 hours. The month's spend (the budget segment) needs the local
 * month, less a day for any offset; reading it is what the budget segment costs.
 */
export function ledgerWindowStart(now: Date, month: boolean): string {
  const recent = now.getTime() - DAY_MS;
  if (!month) return new Date(recent).toISOString();
  const monthStart = new Date(now.getFullYear(), now.getMonth(), 1).getTime() - DAY_MS;
  return new Date(Math.min(monthStart, recent)).toISOString();
}

const costOf = (book: PriceBook, r: UsageRecord): Pico => {
  const pricing = book.resolve(r.model);
  return pricing ? costOfRequest(r, pricing) : 0n;
};

/**
 * The session's, today's and the month's spend, the active 5-hour block and the budget's share, from the requests
 * since `ledgerWindowStart`. Days and months are the process's local ones, as a person reads a clock.
 */
export function ledgerFigures(
  records: readonly UsageRecord[],
  options: LedgerFigureOptions,
): StatuslineFigures {
  const dayOf = dayKeyFunction(LOCAL_TIME_ZONE);
  const today = dayOf(options.now.toISOString());
  const month = today.slice(0, 7);
  let sessionPico: Pico | undefined;
  let todayPico = 0n;
  let monthPico = 0n;
  for (const r of records) {
    const day = dayOf(r.timestamp);
    if (day.slice(0, 7) !== month && r.sessionId !== options.sessionId) continue;
    const cost = costOf(options.book, r);
    if (r.sessionId === options.sessionId) sessionPico = (sessionPico ?? 0n) + cost;
    if (day === today) todayPico += cost;
    if (day.slice(0, 7) === month) monthPico += cost;
  }
  const figures: StatuslineFigures = { todayPico };
  if (sessionPico !== undefined) figures.sessionPico = sessionPico;
  const since = options.now.getTime() - DAY_MS;
  const recent = records.filter((r) => Date.parse(r.timestamp) >= since);
  const block = activeBlock(recent, { book: options.book, now: options.now });
  if (block)
    figures.block = {
      costPico: block.block.costPico,
      remainingMinutes: block.remainingMinutes,
      burnPicoPerHour: block.burnRate?.costPicoPerHour ?? null,
    };
  if (options.monthlyBudgetUsd > 0) {
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
