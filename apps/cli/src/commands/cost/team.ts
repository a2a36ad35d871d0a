import {
  type BudgetStatus,
  budgetStatus,
  type CostGrouping,
  type CostReport,
  dayKeyFunction,
  formatUsd,
  type PriceBook,
  parseDayRange,
  parseWeekDay,
  picoToUsd,
  WEEK_DAYS,
} from "@vextrus/cost";
import {
  memberLines,
  type TeamAgentRunsRow,
  type TeamLedger,
  type TeamLine,
  type TeamQuery,
  type TeamRow,
  toCostReport,
} from "@vextrus/team";
import { type CliContext, CliError, readOptimization } from "../../context.js";
import { formatCompact, painter, renderTable, shortModel } from "../../format.js";
import { priceBook } from "../sync/run.js";
import { openLedger, printableUrl, teamSettings, teamTarget } from "../sync/target.js";
import { spentPaint } from "./budget.js";
import type { TeamOptions } from "./team-options.js";

export interface TeamReportOptions extends TeamOptions {
  since?: string;
  until?: string;
  project?: string;
  timezone?: string;
  json?: boolean;
  breakdown?: boolean;
  startOfWeek?: string;
}

const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

/** The query of a team report; bad days and week starts fail here, before the server is asked. */
function teamQuery(groupBy: CostGrouping, options: TeamReportOptions, timezone: string): TeamQuery {
  dayKeyFunction(timezone); // an unknown zone is cost's error, named as it names it
  const { since, until } = parseDayRange(
    { since: options.since, until: options.until },
    { since: "--since", until: "--until" },
  );
  const start = options.startOfWeek ? parseWeekDay(options.startOfWeek, "--start-of-week") : "sunday";
  return {
    groupBy,
    timezone,
    ...(since && { since }),
    ...(until && { until }),
    ...(options.user !== undefined && { user: options.user }),
    ...(options.machine !== undefined && { machine: options.machine }),
    ...(options.project !== undefined && { project: options.project }),
    byMember: options.breakdown === true,
    startOfWeek: WEEK_DAYS.indexOf(start),
  };
}

export async function withLedger<T>(
  ctx: CliContext,
  work: (ledger: TeamLedger, where: string) => Promise<T>,
): Promise<T> {
  const target = teamTarget(ctx);
  const ledger = openLedger(ctx, target);
  try {
    await ledger.migrate();
    return await work(ledger, printableUrl(target));
  } finally {
    await ledger.close();
  }
}

const member = (r: TeamLine) => (r.user === null ? "" : `${r.user}@${r.machine}`);

function rowJson(r: {
  requests: number;
  input: number;
  output: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  cacheRead: number;
  costPico: bigint;
}) {
  return {
    requests: r.requests,
    inputTokens: r.input,
    outputTokens: r.output,
    cacheCreationTokens: r.cacheWrite5m + r.cacheWrite1h,
    cacheReadTokens: r.cacheRead,
    costPico: r.costPico.toString(),
    cost: picoToUsd(r.costPico),
  };
}

function render(
  report: CostReport,
  rows: readonly TeamRow[],
  where: string,
  ctx: CliContext,
  byMember: boolean,
): string {
  const paint = painter(ctx.color);
  const head = [
    report.groupBy === "day" ? "Date" : report.groupBy[0]?.toUpperCase() + report.groupBy.slice(1),
  ];
  if (byMember) head.push("Member");
  head.push("Models", "Requests", "Input", "Output", "Cache write", "Cache read", "Cost");
  const models = new Map(
    report.groups.map((g) => [g.key, g.models.map((m) => shortModel(m.model)).join(", ")]),
  );
  const body = memberLines(rows).map((l) => {
    const cells = [l.key];
    if (byMember) cells.push(member(l));
    cells.push(
      models.get(l.key) ?? "",
      formatCompact(l.requests),
      formatCompact(l.input),
      formatCompact(l.output),
      formatCompact(l.cacheWrite5m + l.cacheWrite1h),
      formatCompact(l.cacheRead),
      formatUsd(l.costPico),
    );
    return cells;
  });
  const t = report.totals;
  const total = [paint.bold("Total")];
  if (byMember) total.push("");
  total.push(
    "",
    formatCompact(t.requests),
    formatCompact(t.tokens.input),
    formatCompact(t.tokens.output),
    formatCompact(t.tokens.cacheWrite5m + t.tokens.cacheWrite1h),
    formatCompact(t.tokens.cacheRead),
    paint.bold(formatUsd(t.costPico)),
  );
  const offset = byMember ? 3 : 2;
  const numeric = [0, 1, 2, 3, 4, 5].map((i) => i + offset);
  let out = `${paint.bold(`Team cost by ${report.groupBy}`)} ${paint.dim(`(${where}, ${report.timezone})`)}\n`;
  out += renderTable(head, [...body, total], { numeric, paint });
  if (report.unpricedModels.length > 0)
    out += paint.yellow(`No price for ${report.unpricedModels.join(", ")}: the total is a lower bound.\n`);
  return out;
}

/** `vextrus cost <report> --team`: the same groupings, summed by PostgreSQL over every machine's requests. */
export async function runTeamReport(
  ctx: CliContext,
  groupBy: CostGrouping,
  options: TeamReportOptions,
): Promise<number> {
  const timezone = options.timezone ?? localZone();
  const query = teamQuery(groupBy, options, timezone);
  return withLedger(ctx, async (ledger, where) => {
    const rows = await ledger.report(query);
    const report = toCostReport(rows, groupBy, timezone);
    // `cost agents --team` also gives every machine's subagent runs by type (the runs the syncs pushed).
    const runs =
      groupBy === "agent"
        ? await ledger.agentRunsReport({
            timezone,
            ...(query.since !== undefined && { since: query.since }),
            ...(query.until !== undefined && { until: query.until }),
            ...(query.user !== undefined && { user: query.user }),
            ...(query.machine !== undefined && { machine: query.machine }),
            ...(query.project !== undefined && { project: query.project }),
          })
        : undefined;
    if (options.json) {
      const json = {
        ledger: where,
        groupBy,
        timezone,
        rows: memberLines(rows).map((l) => ({
          key: l.key,
          ...(query.byMember && { user: l.user, machine: l.machine }),
          ...rowJson(l),
        })),
        totals: rowJson({
          ...report.totals.tokens,
          requests: report.totals.requests,
          costPico: report.totals.costPico,
        }),
        unpricedModels: report.unpricedModels,
        ...(runs && { runs: runs.map(runJson) }),
      };
      ctx.stdout(`${JSON.stringify(json, null, 2)}\n`);
      return 0;
    }
    if (rows.length === 0) {
      ctx.stdout(
        `No requests in the team ledger ${where} for this selection; run \`vextrus sync\` on each machine.\n`,
      );
      return 0;
    }
    ctx.stdout(render(report, rows, where, ctx, query.byMember === true));
    if (runs) ctx.stdout(renderRuns(runs, ctx));
    return 0;
  });
}

function runJson(r: TeamAgentRunsRow) {
  return {
    agentType: r.agentType,
    runs: r.runs,
    requests: r.requests,
    costPico: r.costPico.toString(),
    cost: picoToUsd(r.costPico),
    unpricedRuns: r.unpricedRuns,
    durationMs: r.durationMs,
    failed: r.failed,
    background: r.background,
  };
}

/** Every machine's subagent runs by type, as the syncs pushed them (summed by the server). */
function renderRuns(runs: readonly TeamAgentRunsRow[], ctx: CliContext): string {
  const paint = painter(ctx.color);
  if (runs.length === 0) return `\n${paint.dim("No subagent runs in the team ledger for this selection.")}\n`;
  const body = runs.map((r) => [
    r.agentType,
    formatCompact(r.runs),
    formatCompact(r.requests),
    `${Math.round(r.durationMs / r.runs / 1000)} s`,
    formatCompact(r.failed),
    formatUsd(r.costPico),
  ]);
  return `\n${paint.bold("Subagent runs by type")}\n${renderTable(
    ["Agent type", "Runs", "Requests", "Mean time", "Failed", "Cost"],
    body,
    { numeric: [1, 2, 3, 4, 5], paint },
  )}`;
}

const alertThreshold = (ctx: CliContext) => {
  const threshold = Number(
    (readOptimization(ctx).cost as { alert_threshold_pct?: unknown } | undefined)?.alert_threshold_pct ?? 80,
  );
  return Number.isFinite(threshold) ? threshold : 80;
};

/**
 * The team's current month against its budget, with the personal budget's rules (cost's budgetStatus), and each
 * member's spend; summed by the server.
 */
export async function teamMonth(
  ctx: CliContext,
  ledger: TeamLedger,
  options: { budget: number; book: PriceBook; timezone: string; user?: string; machine?: string },
): Promise<{ status: BudgetStatus; members: TeamLine[] }> {
  const { timezone } = options;
  const today = dayKeyFunction(timezone)(ctx.now().toISOString());
  const [year, month] = today.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const filters = {
    timezone,
    since: `${today.slice(0, 7)}-01`,
    until: `${today.slice(0, 7)}-${String(last).padStart(2, "0")}`,
    ...(options.user !== undefined && { user: options.user }),
    ...(options.machine !== undefined && { machine: options.machine }),
  };
  const byAgent = toCostReport(await ledger.report({ groupBy: "agent", ...filters }), "agent", timezone);
  const members = memberLines(await ledger.report({ groupBy: "month", ...filters, byMember: true }));
  // The view answers the one question budgetStatus asks; recommendations need each request and are left out.
  const status = budgetStatus(
    { summarize: () => byAgent, records: () => [] },
    {
      book: options.book,
      monthlyBudgetUsd: options.budget,
      alertThresholdPct: alertThreshold(ctx),
      now: ctx.now(),
      timezone,
    },
  );
  return { status, members };
}

/**
 * `vextrus cost budget --team`: the team's month against `optimization.team.monthly_budget_usd`, with the
 * personal budget's rules (cost's budgetStatus: alerts at the same threshold, month-end projection) and who spent it.
 */
export async function runTeamBudget(ctx: CliContext, options: TeamReportOptions): Promise<number> {
  const budget = teamSettings(ctx).monthly_budget_usd;
  if (budget === undefined)
    throw new CliError("no team budget: set optimization.team.monthly_budget_usd in .claude/settings.json");
  const timezone = options.timezone ?? localZone();
  const threshold = alertThreshold(ctx);
  const book = await priceBook(ctx);
  return withLedger(ctx, async (ledger, where) => {
    const { status, members } = await teamMonth(ctx, ledger, {
      budget,
      book,
      timezone,
      ...(options.user !== undefined && { user: options.user }),
      ...(options.machine !== undefined && { machine: options.machine }),
    });
    if (options.json) {
      const usd = picoToUsd;
      ctx.stdout(
        `${JSON.stringify(
          {
            ledger: where,
            month: status.month,
            timezone,
            budget: usd(status.budgetPico),
            spent: usd(status.spentPico),
            remaining: usd(status.remainingPico),
            usedPct: status.usedPct,
            projected: usd(status.projectedPico),
            projectedPct: status.projectedPct,
            alerts: status.alerts,
            byMember: members.map((m) => ({ user: m.user, machine: m.machine, ...rowJson(m) })),
            byAgent: status.byAgent.map((g) => ({
              agent: g.key,
              cost: usd(g.costPico),
              requests: g.requests,
            })),
          },
          null,
          2,
        )}\n`,
      );
      return 0;
    }
    const paint = painter(ctx.color);
    const used = spentPaint(status, threshold, paint);
    const out = [
      `${paint.bold(`Team budget ${status.month}`)} ${paint.dim(`(${where}, ${timezone})`)}`,
      `  Spent       ${used(`${formatUsd(status.spentPico)} of ${formatUsd(status.budgetPico)} (${status.usedPct.toFixed(1)}%)`)}`,
      `  Projected   ${formatUsd(status.projectedPico)} by month end (${status.projectedPct.toFixed(0)}%)`,
      `  Remaining   ${formatUsd(status.remainingPico)}, ${formatUsd(status.dailyAllowancePico)} a day`,
      ...status.alerts.map(
        (a) => `  ${a.level === "critical" ? paint.red("!") : paint.yellow("!")} ${a.message}`,
      ),
      "",
      paint.bold("By member"),
      ...(members.length === 0 ? ["  nothing synced for this month yet"] : []),
      ...members
        .sort((a, b) => (b.costPico > a.costPico ? 1 : b.costPico < a.costPico ? -1 : 0))
        .map(
          (m) =>
            `  ${member(m).padEnd(28)} ${formatUsd(m.costPico).padStart(12)}  ${formatCompact(m.requests)} requests`,
        ),
    ];
    ctx.stdout(`${out.join("\n")}\n`);
    return 0;
  });
}
