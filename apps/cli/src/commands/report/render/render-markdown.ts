import { escapeMarkdown } from "./escape.js";
import { formatCount, formatDurationMs, formatPercent, formatRate, formatUsd2 } from "./format.js";
import type { ReportData } from "./report-data.js";
import { chartModels, dayModelUsd } from "./report-series.js";
import { orderedSuggestions } from "./suggestion-order.js";

/** A GitHub-flavoured table; `numeric` columns are right-aligned. Cells arrive escaped. */
function mdTable(head: string[], rows: string[][], numeric: number[]): string {
  const align = head.map((_, i) => (numeric.includes(i) ? "---:" : "---"));
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(head.map(escapeMarkdown)), line(align), ...rows.map(line)].join("\n");
}

function section(title: string, body: string): string {
  return `## ${title}\n\n${body}\n`;
}

const none = (what: string) => `_No ${what} in this period._`;

function costByDay(data: ReportData): string {
  const models = chartModels(data.cost);
  if (data.cost.byDay.length === 0 || models.length === 0) return none("cost data");
  const rows = data.cost.byDay.map((d) => [
    escapeMarkdown(d.day),
    ...models.map((m) => formatUsd2(dayModelUsd(d, m))),
    formatUsd2(d.totalUsd),
  ]);
  const total = ["**Total**", ...models.map(() => ""), `**${formatUsd2(data.cost.totalUsd)}**`];
  const byModel = new Map(data.cost.byModel.map((m) => [m.model, m.usd]));
  models.forEach((m, i) => {
    const usd = byModel.get(m);
    if (usd !== undefined) total[i + 1] = formatUsd2(usd);
  });
  return mdTable(
    ["Day", ...models, "Total"],
    [...rows, total],
    models.map((_, i) => i + 1).concat(models.length + 1),
  );
}

function models(cost: ReportData["cost"]): string {
  if (cost.byModel.length === 0) return none("model usage");
  const tokens = cost.byModel.reduce((sum, m) => sum + m.tokens, 0);
  return mdTable(
    ["Model", "Cost", "Share", "Tokens"],
    [
      ...cost.byModel.map((m) => [
        escapeMarkdown(m.model),
        formatUsd2(m.usd),
        formatPercent(m.sharePct),
        formatCount(m.tokens),
      ]),
      ["**Total**", `**${formatUsd2(cost.totalUsd)}**`, formatPercent(100), formatCount(tokens)],
    ],
    [1, 2, 3],
  );
}

function agents(list: ReportData["agents"]): string {
  if (list.length === 0) return none("agent invocations");
  return mdTable(
    ["Agent", "Invocations", "Success", "Avg duration", "Cost"],
    list.map((a) => [
      escapeMarkdown(a.agent),
      formatCount(a.invocations),
      formatRate(a.successRate),
      formatDurationMs(a.avgDurationMs),
      formatUsd2(a.costUsd),
    ]),
    [1, 2, 3, 4],
  );
}

function cache(c: ReportData["cache"]): string {
  if (c.byDay.length === 0) return none("cache data");
  return mdTable(
    ["Day", "Hits", "Misses", "Hit rate"],
    [
      ...c.byDay.map((d) => [
        escapeMarkdown(d.day),
        formatCount(d.hits),
        formatCount(d.misses),
        formatRate(d.hitRate),
      ]),
      ["**Total**", formatCount(c.hits), formatCount(c.misses), `**${formatRate(c.hitRate)}**`],
    ],
    [1, 2, 3],
  );
}

function gates(list: ReportData["gates"]): string {
  if (list.length === 0) return none("gate runs");
  return mdTable(
    ["Gate", "Runs", "Pass rate", "Avg duration", "Not run"],
    list.map((g) => [
      escapeMarkdown(g.gate),
      formatCount(g.runs),
      formatRate(g.passRate),
      formatDurationMs(g.avgDurationMs),
      formatCount(g.notRun ?? 0),
    ]),
    [1, 2, 3, 4],
  );
}

const capitalised = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}`;

function suggestions(list: ReportData["suggestions"]): string {
  if (list.length === 0) return "_No suggestions: nothing stood out this period._";
  return orderedSuggestions(list)
    .map((s, i) => {
      const saving = s.estimatedSavingUsd > 0 ? ` (saves ~${formatUsd2(s.estimatedSavingUsd)})` : "";
      return `${i + 1}. **${escapeMarkdown(s.priority)}** · ${escapeMarkdown(s.message)}${saving}  \n   ${escapeMarkdown(s.action)} _(${escapeMarkdown(s.type)})_`;
    })
    .join("\n");
}

/** The same report as GitHub-flavoured Markdown: totals first, then one table per chart and per HTML table. */
export function renderReportMarkdown(data: ReportData): string {
  const { period } = data;
  const unpriced =
    data.cost.unpricedModels.length > 0
      ? `\n> **Note:** no price known for ${data.cost.unpricedModels.map(escapeMarkdown).join(", ")}; their usage is not in the costs, so the totals are a lower bound.\n`
      : "";
  const header = [
    `# ${escapeMarkdown(data.title)}`,
    "",
    `**Period:** ${escapeMarkdown(period.from)} → ${escapeMarkdown(period.to)} (${period.kind}, ${escapeMarkdown(period.timezone)})  `,
    `**Generated:** ${escapeMarkdown(data.generatedAt)}`,
    ...(data.scope ? ["", `**Scope:** ${escapeMarkdown(data.scope)}`] : []),
    "",
    mdTable(
      ["Total cost", "Requests", "Cache hit rate"],
      [[formatUsd2(data.cost.totalUsd), formatCount(data.cost.requests), formatRate(data.cache.hitRate)]],
      [0, 1, 2],
    ),
    unpriced,
    ...(data.savings ? [`**Savings:** ${escapeMarkdown(capitalised(data.savings.sentence))}.`, ""] : []),
  ].join("\n");
  return [
    header,
    section("Cost per day by model", costByDay(data)),
    section("Models", models(data.cost)),
    section("Agents", agents(data.agents)),
    section("Cache hit rate over time", cache(data.cache)),
    section("Gates", gates(data.gates)),
    section("Suggestions", suggestions(data.suggestions)),
  ].join("\n");
}
