import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { picoToUsd } from "@vextrus/cost";
import { type CliContext, CliError } from "../../context.js";
import type { ReportData } from "../report/render/report-data.js";
import { agentLines, type Insights, insightsPeriod, loadInsights, type PeriodOptions } from "./data.js";

export function reportData(i: Insights, kind: "weekly" | "monthly", generatedAt: Date): ReportData {
  const day = i.costByDay;
  const total = i.costByModel?.totals.costPico ?? 0n;
  return {
    title: i.team ? `Vextrus ${kind} team report` : `Vextrus ${kind} report`,
    period: {
      kind,
      from: i.from,
      to: i.to,
      timezone: i.timezone,
      ...(i.label !== undefined && { label: i.label }),
      current: i.current,
    },
    generatedAt: generatedAt.toISOString(),
    cost: {
      totalUsd: picoToUsd(day?.totals.costPico ?? 0n),
      totalPico: (day?.totals.costPico ?? 0n).toString(),
      requests: day?.totals.requests ?? 0,
      byDay: (day?.groups ?? []).map((g) => ({
        day: g.key,
        byModel: Object.fromEntries(g.models.map((m) => [m.model, picoToUsd(m.costPico)])),
        totalUsd: picoToUsd(g.costPico),
      })),
      byModel: (i.costByModel?.groups ?? []).map((g) => ({
        model: g.key,
        usd: picoToUsd(g.costPico),
        tokens: g.tokens.total,
        sharePct: total === 0n ? 0 : Number((g.costPico * 10_000n) / total) / 100,
      })),
      unpricedModels: i.costByModel?.unpricedModels ?? [],
    },
    // With --team, every machine's runs from the team ledger.
    agents: agentLines(i).map((a) => ({
      agent: a.agent,
      invocations: a.invocations,
      successRate: a.successRate ?? 0,
      avgDurationMs: a.avgDurationMs ?? 0,
      costUsd: picoToUsd(a.costPico),
    })),
    cache: {
      hitRate: i.cache?.hitRate ?? 0,
      hits: i.cache?.hits ?? 0,
      misses: i.cache?.misses ?? 0,
      byDay: i.cacheByDay,
    },
    gates: i.metrics.gates.map((g) => ({
      gate: g.gate,
      runs: g.runs,
      passRate: g.passRate ?? 0,
      avgDurationMs: g.avgDurationMs ?? 0,
      notRun: g.skipped + g.cancelled,
    })),
    savings: {
      totalUsd: picoToUsd(i.savings.summary.totalPico),
      cache: {
        savedUsd: picoToUsd(i.savings.summary.cache.savedPico),
        runs: i.savings.summary.cache.runs,
        savedMs: i.savings.summary.cache.savedMs,
      },
      routing: {
        savedUsd: picoToUsd(i.savings.summary.routing.savedPico),
        runs: i.savings.summary.routing.runs,
      },
      sentence: i.savings.sentence,
    },
    ...(i.team && { scope: i.notes[0] ?? "" }),
    suggestions: i.suggestions.map((s) => ({
      type: s.type,
      priority: s.priority,
      message: s.message,
      action: s.action,
      estimatedSavingUsd: picoToUsd(s.estimatedSavingPico),
    })),
  };
}

export async function runReport(
  ctx: CliContext,
  kind: string,
  options: { format?: string; out?: string; team?: boolean } & PeriodOptions,
): Promise<number> {
  if (kind !== "weekly" && kind !== "monthly")
    throw new CliError(`report: expected weekly or monthly, got "${kind}"`);
  if (kind === "weekly" && options.month !== undefined)
    throw new CliError("--month: expected with report monthly; a weekly report takes --week YYYY-Www");
  if (kind === "monthly" && options.week !== undefined)
    throw new CliError("--week: expected with report weekly; a monthly report takes --month YYYY-MM");
  const format = options.format ?? "md";
  if (!["md", "html", "json"].includes(format))
    throw new CliError(`--format: expected md, html or json, got "${format}"`);
  // Calendar periods: the current ISO week or month unless one is named (or --since/--until give the days).
  const period = insightsPeriod(ctx, options, kind === "weekly" ? "iso-week" : "month");
  const insights = await loadInsights(ctx, period, { team: options.team === true });
  const data = reportData(insights, kind, ctx.now());
  let text: string;
  if (format === "json") text = `${JSON.stringify(data, null, 2)}\n`;
  else if (format === "html") text = (await import("../report/render/render-html.js")).renderReportHtml(data);
  else text = (await import("../report/render/render-markdown.js")).renderReportMarkdown(data);
  if (options.out) {
    const path = resolve(ctx.cwd, options.out);
    try {
      writeFileSync(path, text);
    } catch (error) {
      // Checked when the option was read; this is the folder vanishing or filling up since.
      throw new CliError(
        `--out ${options.out}: expected a file you may write; writing ${path} failed (${(error as Error).message})`,
      );
    }
    ctx.stderr(`wrote ${options.out}\n`);
  } else ctx.stdout(text);
  return 0;
}
