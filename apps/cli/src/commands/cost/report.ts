import {
  type CostGroup,
  type CostGrouping,
  type CostReport,
  formatUsd,
  picoToUsd,
  type Reconciliation,
  summarizeUsage,
} from "@vextrus/cost";
import type { CliContext } from "../../context.js";
import { formatCompact, painter, renderTable, shortModel } from "../../format.js";
import { type CostOptions, type LoadedUsage, loadUsage } from "./load.js";
import { oneSession, orderGroups, type ReportOptions, reconcileSessions, startOfWeek } from "./views.js";

export type { ReportOptions } from "./views.js";

function groupJson(g: CostGroup) {
  return {
    inputTokens: g.tokens.input,
    outputTokens: g.tokens.output,
    cacheCreationTokens: g.tokens.cacheWrite5m + g.tokens.cacheWrite1h,
    cacheCreation5mTokens: g.tokens.cacheWrite5m,
    cacheCreation1hTokens: g.tokens.cacheWrite1h,
    cacheReadTokens: g.tokens.cacheRead,
    totalTokens: g.tokens.total,
    totalCost: picoToUsd(g.costPico),
    costPico: g.costPico.toString(),
    requests: g.requests,
    unpricedRequests: g.unpricedRequests,
    modelsUsed: g.models.map((m) => m.model),
    modelBreakdowns: g.models.map((m) => ({
      modelName: m.model,
      inputTokens: m.tokens.input,
      outputTokens: m.tokens.output,
      cacheCreationTokens: m.tokens.cacheWrite5m + m.tokens.cacheWrite1h,
      cacheReadTokens: m.tokens.cacheRead,
      cost: picoToUsd(m.costPico),
      costPico: m.costPico.toString(),
      priced: m.priced,
    })),
  };
}

const KEY_NAME: Record<CostGrouping, string> = {
  day: "date",
  week: "week",
  month: "month",
  session: "sessionId",
  project: "project",
  model: "model",
  agent: "agent",
};

/** Claude Code's figure for a session and the difference from ours, as JSON. */
const reconciliationJson = (r: Reconciliation) => ({
  reportedCost: picoToUsd(r.reportedPico),
  reportedCostPico: r.reportedPico.toString(),
  difference: picoToUsd(r.differencePico),
  differencePct: r.differencePct,
  agrees: r.agrees,
});

export function reportJson(report: CostReport, reported: ReadonlyMap<string, Reconciliation> = new Map()) {
  const name = KEY_NAME[report.groupBy];
  return {
    groupBy: report.groupBy,
    timezone: report.timezone,
    rows: report.groups.map((g) => {
      const r = reported.get(g.key);
      return {
        [name]: g.key,
        ...(g.project !== undefined && {
          project: g.project,
          firstActivity: g.firstTimestamp,
          lastActivity: g.lastTimestamp,
        }),
        ...groupJson(g),
        ...(r && { claudeCode: reconciliationJson(r) }),
      };
    }),
    totals: groupJson(report.totals),
    unpricedModels: report.unpricedModels,
  };
}

function cost(g: CostGroup): string {
  const text = formatUsd(g.costPico);
  return g.unpricedRequests > 0 ? `≥${text}` : text;
}

export interface RenderOptions {
  breakdown?: boolean;
  /** Input, output and cost only. */
  compact?: boolean;
  /** Sessions Claude Code reported a cost for: two more columns, its figure and ours minus it. */
  reported?: ReadonlyMap<string, Reconciliation>;
}

/** `+$0.12`, `-$0.03`, `=` when the two agree to the cent. */
function difference(r: Reconciliation): string {
  if (r.agrees) return "=";
  return r.differencePico < 0n ? `-${formatUsd(-r.differencePico)}` : `+${formatUsd(r.differencePico)}`;
}

export function renderReport(report: CostReport, ctx: CliContext, options: RenderOptions = {}): string {
  const breakdown = options.breakdown === true;
  const reported = options.reported ?? new Map<string, Reconciliation>();
  const paint = painter(ctx.color);
  const label = {
    day: "Date",
    week: "Week",
    month: "Month",
    session: "Session",
    project: "Project",
    model: "Model",
    agent: "Agent",
  }[report.groupBy];
  const withReported = reported.size > 0;
  const head = options.compact
    ? [label, "Input", "Output", "Cost"]
    : [label, "Input", "Output", "Cache write", "Cache read", "Total", "Cost"];
  if (withReported) head.push("Claude Code", "Difference");
  const numeric = head.map((_, i) => i).slice(1);
  const rows: string[][] = [];
  const line = (key: string, g: { tokens: CostGroup["tokens"] }, money: string, extra: string[] = []) => {
    const cells = options.compact
      ? [key, formatCompact(g.tokens.input), formatCompact(g.tokens.output), money]
      : [
          key,
          formatCompact(g.tokens.input),
          formatCompact(g.tokens.output),
          formatCompact(g.tokens.cacheWrite5m + g.tokens.cacheWrite1h),
          formatCompact(g.tokens.cacheRead),
          formatCompact(g.tokens.total),
          money,
        ];
    if (withReported) cells.push(...(extra.length > 0 ? extra : ["", ""]));
    return cells;
  };
  for (const g of report.groups) {
    const key = report.groupBy === "session" ? `${g.key.slice(0, 8)} ${paint.dim(g.project ?? "")}` : g.key;
    const r = reported.get(g.key);
    const extra = r
      ? [formatUsd(r.reportedPico), r.agrees ? paint.green("=") : paint.yellow(difference(r))]
      : [];
    rows.push(line(report.groupBy === "model" ? shortModel(key) : key, g, cost(g), extra));
    if (breakdown && report.groupBy !== "model") {
      for (const m of g.models) {
        rows.push(
          line(
            paint.dim(`  └ ${shortModel(m.model)}`),
            m,
            paint.dim(m.priced ? formatUsd(m.costPico) : "unpriced"),
          ),
        );
      }
    }
  }
  rows.push(line(paint.yellow("Total"), report.totals, paint.yellow(cost(report.totals))));
  let out = renderTable(head, rows, { numeric, paint });
  if (report.unpricedModels.length > 0) {
    out += paint.yellow(
      `Unpriced models (tokens counted, cost unknown, totals are lower bounds): ${report.unpricedModels.join(", ")}. Add them under optimization.cost.prices.\n`,
    );
  }
  if (withReported)
    out += paint.dim(
      "Claude Code: the session's cost its status line reported (kept by vextrus statusline); Difference: ours minus it.\n",
    );
  return out;
}

/** `daily --instances`: each project's days, from the project's own requests (exact names, not a text match). */
function instances(loaded: LoadedUsage, options: ReportOptions): Array<[string, CostReport]> {
  const byProject = new Map<string, LoadedUsage["records"]>();
  for (const r of loaded.records) {
    if (options.project && !r.project.toLowerCase().includes(options.project.toLowerCase())) continue;
    let list = byProject.get(r.project);
    if (!list) {
      list = [];
      byProject.set(r.project, list);
    }
    list.push(r);
  }
  const out: Array<[string, CostReport]> = [];
  for (const [project, records] of [...byProject].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const report = summarizeUsage(records, {
      groupBy: "day",
      book: loaded.book,
      timezone: loaded.timezone,
      ...(options.since && { since: options.since }),
      ...(options.until && { until: options.until }),
    });
    if (report.groups.length > 0) out.push([project, orderGroups(report, options.order)]);
  }
  return out;
}

export async function runReport(
  ctx: CliContext,
  groupBy: CostGrouping,
  options: ReportOptions,
): Promise<number> {
  startOfWeek(options); // a bad --start-of-week fails before anything is read
  const loaded = await loadUsage(ctx, options);
  if ("empty" in loaded) return printEmpty(ctx, options, loaded.empty);
  let report: CostReport;
  let perProject: Array<[string, CostReport]> | undefined;
  try {
    report = summarize(loaded, groupBy, options);
    if (options.instances && groupBy === "day") perProject = instances(loaded, options);
  } finally {
    loaded.close();
  }
  report = orderGroups(report, options.order);
  if (groupBy === "session" && options.id !== undefined) report = oneSession(report, options.id);
  const reported = groupBy === "session" ? await reconcileSessions(ctx, report.groups) : undefined;
  if (perProject) return printInstances(ctx, report, perProject, options);
  if (options.json) ctx.stdout(`${JSON.stringify(reportJson(report, reported), null, 2)}\n`);
  else if (report.groups.length === 0) ctx.stdout("No usage in the selected period.\n");
  else
    ctx.stdout(
      renderReport(report, ctx, {
        breakdown: options.breakdown === true || options.id !== undefined,
        compact: options.compact === true,
        ...(reported && { reported }),
      }),
    );
  return 0;
}

/** `daily --instances`: a table per project, then the overall total; JSON `{ projects: { name: rows }, totals }`. */
function printInstances(
  ctx: CliContext,
  overall: CostReport,
  perProject: Array<[string, CostReport]>,
  options: ReportOptions,
): number {
  if (options.json) {
    const projects = Object.fromEntries(perProject.map(([name, report]) => [name, reportJson(report).rows]));
    const json = { groupBy: "day", timezone: overall.timezone, projects, totals: reportJson(overall).totals };
    ctx.stdout(`${JSON.stringify(json, null, 2)}\n`);
    return 0;
  }
  if (perProject.length === 0) {
    ctx.stdout("No usage in the selected period.\n");
    return 0;
  }
  const paint = painter(ctx.color);
  const render = { breakdown: options.breakdown === true, compact: options.compact === true };
  let out = "";
  for (const [name, report] of perProject)
    out += `${paint.bold(name)}\n${renderReport(report, ctx, render)}\n`;
  ctx.stdout(`${out}${paint.bold("All projects")}: ${formatUsd(overall.totals.costPico)}\n`);
  return 0;
}

export function summarize(loaded: LoadedUsage, groupBy: CostGrouping, options: ReportOptions): CostReport {
  return loaded.view.summarize({
    groupBy,
    book: loaded.book,
    timezone: loaded.timezone,
    timezoneIsLocal: loaded.timezoneIsLocal,
    // Read from the ledger only for the grouping that uses them.
    ...(groupBy === "agent" && { agentTypes: loaded.agentTypes }),
    ...(options.since && { since: options.since }),
    ...(options.until && { until: options.until }),
    ...(options.project && { project: options.project }),
    ...(startOfWeek(options) && { startOfWeek: startOfWeek(options) }),
  });
}

export function printEmpty(ctx: CliContext, options: CostOptions, message: string): number {
  ctx.stderr(`${message}\n`);
  if (options.json) ctx.stdout(`${JSON.stringify({ rows: [], totals: null, message })}\n`);
  return 0;
}
