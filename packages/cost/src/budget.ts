import type { CostGroup } from "./aggregate.js";
import { isBudgetExceeded } from "./budget-rule.js";
import { dayKeyFunction, daysInMonth, LOCAL_TIME_ZONE, localTime } from "./dates.js";
import { formatUsd, type Pico, usdToPico } from "./money.js";
import { costOfRequest, type PriceBook } from "./pricing.js";
import { agentCategory, MAIN_AGENT, type UsageRecord } from "./records.js";
import { recordsView, type UsageView } from "./rollup-report.js";

export interface BudgetAlert {
  level: "warning" | "critical";
  code: "THRESHOLD_REACHED" | "BUDGET_EXCEEDED" | "PROJECTED_OVER";
  message: string;
}

export interface BudgetRecommendation {
  agent: string;
  /** Share of the monthly budget this agent type spent so far, in percent. */
  budgetSharePct: number;
  message: string;
  /** What this month's work of the agent would have cost less on `cheaperModel` (an upper bound). */
  potentialSavingPico: Pico;
  cheaperModel: string;
}

export interface BudgetStatus {
  month: string;
  budgetPico: Pico;
  spentPico: Pico;
  remainingPico: Pico;
  usedPct: number;
  /** Days of the month elapsed, fractional, at `now` in the report's time zone. */
  daysElapsed: number;
  daysInMonth: number;
  /** Spend at month end if the pace so far continues. */
  projectedPico: Pico;
  projectedPct: number;
  /** What may still be spent per remaining day to end on budget. */
  dailyAllowancePico: Pico;
  alerts: BudgetAlert[];
  recommendations: BudgetRecommendation[];
  byAgent: CostGroup[];
  unpricedModels: string[];
}

export interface BudgetOptions {
  book: PriceBook;
  monthlyBudgetUsd: number;
  /** Warn when this share of the budget is spent (percent). */
  alertThresholdPct: number;
  now: Date;
  timezone?: string;
  agentTypes?: ReadonlyMap<string, string>;
  /** An agent type spending at least this share of the budget gets a recommendation; default 20 (percent). */
  recommendAtSharePct?: number;
  /** Model whose prices the saving estimate uses; default Haiku 4.5. */
  cheaperModel?: string;
}

function pct(part: bigint, whole: bigint): number {
  if (whole === 0n) return 0;
  return Number((part * 10_000n) / whole) / 100;
}

/** Month-to-date spend against a budget, its month-end projection, alerts and where to save. */
export function budgetStatus(
  usage: readonly UsageRecord[] | UsageView,
  options: BudgetOptions & { timezoneIsLocal?: boolean },
): BudgetStatus {
  const view = isView(usage) ? usage : recordsView(usage);
  const timezone = options.timezone ?? "UTC";
  const now = localTime(options.now, options.timezoneIsLocal ? LOCAL_TIME_ZONE : timezone);
  const month = `${now.year}-${String(now.month).padStart(2, "0")}`;
  const monthDays = daysInMonth(now.year, now.month);
  const since = `${month}-01`;
  const until = `${month}-${String(monthDays).padStart(2, "0")}`;
  const agentTypes = options.agentTypes ?? new Map<string, string>();
  const report = view.summarize({
    ...(options.timezoneIsLocal && { timezoneIsLocal: true }),
    groupBy: "agent",
    book: options.book,
    timezone,
    since,
    until,
    agentTypes,
  });

  const budgetPico = usdToPico(options.monthlyBudgetUsd, "optimization.cost.monthly_budget_usd");
  const spentPico = report.totals.costPico;
  const daysElapsed = now.day - 1 + (now.hour * 60 + now.minute) / 1440;
  // Less than a day of data projects wildly; pace is measured over at least one day.
  const paceDays = Math.max(daysElapsed, 1);
  const projectedPico = (spentPico * BigInt(monthDays * 1440)) / BigInt(Math.round(paceDays * 1440));
  const remainingPico = budgetPico > spentPico ? budgetPico - spentPico : 0n;
  const daysLeft = Math.max(monthDays - daysElapsed, 1 / 1440);
  const dailyAllowancePico = (remainingPico * 1440n) / BigInt(Math.max(1, Math.round(daysLeft * 1440)));
  const usedPct = pct(spentPico, budgetPico);
  const projectedPct = pct(projectedPico, budgetPico);

  const alerts: BudgetAlert[] = [];
  const money = (pico: bigint) => formatUsd(pico);
  if (isBudgetExceeded({ spentPico, budgetPico })) {
    alerts.push({
      level: "critical",
      code: "BUDGET_EXCEEDED",
      message: `Monthly budget exceeded: ${money(spentPico)} of ${money(budgetPico)} (${usedPct.toFixed(1)}%)`,
    });
  } else if (budgetPico > 0n && usedPct >= options.alertThresholdPct) {
    alerts.push({
      level: "warning",
      code: "THRESHOLD_REACHED",
      message: `${usedPct.toFixed(1)}% of the monthly budget used (${money(spentPico)} of ${money(budgetPico)}), alert at ${options.alertThresholdPct}%`,
    });
  }
  if (budgetPico > 0n && spentPico < budgetPico && projectedPico > budgetPico) {
    alerts.push({
      level: "warning",
      code: "PROJECTED_OVER",
      message: `On pace for ${money(projectedPico)} this month (${projectedPct.toFixed(0)}% of ${money(budgetPico)}); stay under ${money(dailyAllowancePico)} a day to end on budget`,
    });
  }

  const recommendations = recommend(view, report.groups, {
    ...options,
    budgetPico,
    since,
    until,
    timezone,
    agentTypes,
  });
  return {
    month,
    budgetPico,
    spentPico,
    remainingPico,
    usedPct,
    daysElapsed,
    daysInMonth: monthDays,
    projectedPico,
    projectedPct,
    dailyAllowancePico,
    alerts,
    recommendations,
    byAgent: report.groups,
    unpricedModels: report.unpricedModels,
  };
}

function recommend(
  view: UsageView,
  byAgent: CostGroup[],
  o: BudgetOptions & {
    timezoneIsLocal?: boolean;
    budgetPico: Pico;
    since: string;
    until: string;
    timezone: string;
    agentTypes: ReadonlyMap<string, string>;
  },
): BudgetRecommendation[] {
  const cheaperModel = o.cheaperModel ?? "claude-haiku-4-5";
  const cheap = o.book.resolve(cheaperModel);
  const threshold = o.recommendAtSharePct ?? 20;
  if (!cheap || o.budgetPico === 0n) return [];
  const heavy = byAgent.filter((g) => g.key !== MAIN_AGENT && pct(g.costPico, o.budgetPico) >= threshold);
  if (heavy.length === 0) return [];
  const wanted = new Set(heavy.map((g) => g.key));
  const saving = new Map<string, bigint>();
  const dayOf = dayKeyFunction(o.timezoneIsLocal ? LOCAL_TIME_ZONE : o.timezone);
  // Only here are requests read one by one (the saving is per request: long-context tiers), and only when an
  // agent type is heavy enough to recommend for.
  for (const r of view.records(monthWindow(o.since, o.until))) {
    const agent = agentCategory(r, o.agentTypes);
    if (!wanted.has(agent)) continue;
    const day = dayOf(r.timestamp);
    if (day < o.since || day > o.until) continue;
    const pricing = o.book.resolve(r.model);
    if (!pricing || pricing.id === cheap.id) continue;
    const diff = costOfRequest(r, pricing) - costOfRequest(r, cheap);
    if (diff > 0n) saving.set(agent, (saving.get(agent) ?? 0n) + diff);
  }
  return heavy
    .map((g) => {
      const share = pct(g.costPico, o.budgetPico);
      const potentialSavingPico = saving.get(g.key) ?? 0n;
      return {
        agent: g.key,
        budgetSharePct: share,
        potentialSavingPico,
        cheaperModel: cheap.id,
        message: `${g.key} agents use ${share.toFixed(0)}% of budget: consider Haiku for simpler tasks (up to ${formatUsd(potentialSavingPico)} this month if all of it ran on ${cheap.id})`,
      };
    })
    .filter((r) => r.potentialSavingPico > 0n);
}

function isView(usage: readonly UsageRecord[] | UsageView): usage is UsageView {
  return !Array.isArray(usage);
}

/** UTC bounds a day wider than the local days on each side; the exact day test is done per request. */
function monthWindow(since: string, until: string): { from: string; to: string } {
  const shift = (day: string, days: number) =>
    new Date(Date.parse(`${day}T00:00:00.000Z`) + days * 86_400_000).toISOString();
  return { from: shift(since, -1), to: shift(until, 2) };
}
