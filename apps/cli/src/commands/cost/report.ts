import {
  type CostGroup,
  type CostGrouping,
  type CostReport,
  formatUsd,
  picoToUsd,
  summarizeUsage,
} from "@vextrus/cost";
import type { CliContext } from "../../context.js";
import { formatCompact, painter, renderTable, shortModel } from "../../format.js";
import { type CostOptions, type LoadedUsage, loadUsage } from "./load.js";

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

export function reportJson(report: CostReport) {
  const name = KEY_NAME[report.groupBy];
  return {
    groupBy: report.groupBy,
    timezone: report.timezone,
    rows: report.groups.map((g) => ({
      [name]: g.key,
      ...(g.project !== undefined && {
        project: g.project,
        firstActivity: g.firstTimestamp,
        lastActivity: g.lastTimestamp,
      }),
      ...groupJson(g),
    })),
    totals: groupJson(report.totals),
    unpricedModels: report.unpricedModels,
  };
}

function cost(g: CostGroup): string {
  const text = formatUsd(g.costPico);
  return g.unpricedRequests > 0 ? `≥${text}` : text;
}

export function renderReport(report: CostReport, ctx: CliContext, breakdown: boolean): string {
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
  const head = [label, "Input", "Output", "Cache write", "Cache read", "Total", "Cost"];
  const numeric = [1, 2, 3, 4, 5, 6];
  const rows: string[][] = [];
  const line = (key: string, g: { tokens: CostGroup["tokens"] }, money: string) => [
    key,
    formatCompact(g.tokens.input),
    formatCompact(g.tokens.output),
    formatCompact(g.tokens.cacheWrite5m + g.tokens.cacheWrite1h),
    formatCompact(g.tokens.cacheRead),
    formatCompact(g.tokens.total),
    money,
  ];
  for (const g of report.groups) {
    const key = report.groupBy === "session" ? `${g.key.slice(0, 8)} ${paint.dim(g.project ?? "")}` : g.key;
    rows.push(line(report.groupBy === "model" ? shortModel(key) : key, g, cost(g)));
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
  return out;
}

export async function runReport(
  ctx: CliContext,
  groupBy: CostGrouping,
  options: CostOptions,
): Promise<number> {
  const loaded = await loadUsage(ctx, options);
  if ("empty" in loaded) return printEmpty(ctx, options, loaded.empty);
  const report = summarize(loaded, groupBy, options);
  if (options.json) ctx.stdout(`${JSON.stringify(reportJson(report), null, 2)}\n`);
  else if (report.groups.length === 0) ctx.stdout("No usage in the selected period.\n");
  else ctx.stdout(renderReport(report, ctx, options.breakdown === true));
  return 0;
}

export function summarize(loaded: LoadedUsage, groupBy: CostGrouping, options: CostOptions): CostReport {
  return summarizeUsage(loaded.records, {
    groupBy,
    book: loaded.book,
    timezone: loaded.timezone,
    agentTypes: loaded.agentTypes,
    ...(options.since && { since: options.since }),
    ...(options.until && { until: options.until }),
    ...(options.project && { project: options.project }),
  });
}

export function printEmpty(ctx: CliContext, options: CostOptions, message: string): number {
  ctx.stderr(`${message}\n`);
  if (options.json) ctx.stdout(`${JSON.stringify({ rows: [], totals: null, message })}\n`);
  return 0;
}
