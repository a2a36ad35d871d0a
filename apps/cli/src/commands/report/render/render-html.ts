import { agentInvocationsChart } from "./chart-agent-invocations.js";
import { cacheHitRateChart } from "./chart-cache-hit-rate.js";
import { costByDayChart } from "./chart-cost-by-day.js";
import { escapeHtml } from "./escape.js";
import { formatCount, formatRate, formatUsd2 } from "./format.js";
import { REPORT_CSS } from "./html-styles.js";
import { agentsTable, gatesTable, modelsTable } from "./html-tables.js";
import type { ReportData } from "./report-data.js";
import { orderedSuggestions } from "./suggestion-order.js";

// The page must never reach the network: it is mailed, archived and opened offline. The policy makes any
// accidental external reference fail loudly in a browser instead of leaking a request.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

function total(key: string, label: string, value: number, text: string, sub: string): string {
  return (
    `<div class="card"><div class="label">${escapeHtml(label)}</div>` +
    `<div class="value" data-total="${key}" data-value="${escapeHtml(JSON.stringify(value) ?? "null")}">${escapeHtml(text)}</div>` +
    `<div class="sub">${escapeHtml(sub)}</div></div>`
  );
}

function totals(data: ReportData): string {
  const { cost, cache } = data;
  const models = cost.byModel.length;
  return (
    '<section class="totals">' +
    total(
      "cost",
      "Total cost",
      cost.totalUsd,
      formatUsd2(cost.totalUsd),
      `${models} model${models === 1 ? "" : "s"}`,
    ) +
    total(
      "requests",
      "Requests",
      cost.requests,
      formatCount(cost.requests),
      `${data.agents.length} agent${data.agents.length === 1 ? "" : "s"}`,
    ) +
    total(
      "cache-hit-rate",
      "Cache hit rate",
      cache.hitRate,
      formatRate(cache.hitRate),
      `${formatCount(cache.hits)} hits · ${formatCount(cache.misses)} misses`,
    ) +
    "</section>"
  );
}

function unpriced(models: string[]): string {
  if (models.length === 0) return "";
  return `<p class="warning" data-unpriced>No price known for ${models.map((m) => `<strong>${escapeHtml(m)}</strong>`).join(", ")}: their usage is not in the costs, so the totals are a lower bound.</p>`;
}

function savings(data: ReportData): string {
  if (!data.savings) return "";
  const s = data.savings.sentence;
  return `<p class="saved" data-savings="${escapeHtml(JSON.stringify(data.savings.totalUsd))}">${escapeHtml(`${s.charAt(0).toUpperCase()}${s.slice(1)}.`)}</p>`;
}

function panel(name: string, title: string, body: string): string {
  return `<section class="panel" data-section="${name}"><h2>${escapeHtml(title)}</h2>${body}</section>`;
}

function suggestions(data: ReportData): string {
  const list = orderedSuggestions(data.suggestions);
  if (list.length === 0) return '<p class="no-data">No suggestions: nothing stood out this period.</p>';
  const items = list
    .map(
      (s) =>
        `<li data-priority="${escapeHtml(s.priority)}"><span class="badge ${escapeHtml(s.priority)}">${escapeHtml(s.priority)}</span>` +
        `<strong>${escapeHtml(s.message)}</strong><span class="type">${escapeHtml(s.type)}</span>` +
        (s.estimatedSavingUsd > 0
          ? `<span class="saving">saves ~${escapeHtml(formatUsd2(s.estimatedSavingUsd))}</span>`
          : "") +
        `<div class="action">${escapeHtml(s.action)}</div></li>`,
    )
    .join("");
  return `<ol class="suggestions">${items}</ol>`;
}

/**
 * The whole report as one self-contained HTML page: inline CSS, server-drawn SVG charts, no script, no URL.
 * Charts and suggestions come first so the first screenful answers "what did we spend and what should change".
 */
export function renderReportHtml(data: ReportData): string {
  const { period } = data;
  const periodText = `${period.kind === "weekly" ? "Week" : "Month"} ${period.from} → ${period.to} · ${period.timezone}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="vextrus report">
<title>${escapeHtml(`${data.title} · ${period.from} → ${period.to}`)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
<header>
<h1>${escapeHtml(data.title)}</h1>
<p class="meta"><span data-period>${escapeHtml(periodText)}</span> · generated <time datetime="${escapeHtml(data.generatedAt)}">${escapeHtml(data.generatedAt)}</time></p>
${data.scope ? `<p class="meta" data-scope>${escapeHtml(data.scope)}</p>` : ""}
</header>
${totals(data)}
${savings(data)}
${unpriced(data.cost.unpricedModels)}
${panel("cost-by-day", "Cost per day by model", costByDayChart(data))}
${panel("cache-hit-rate", "Cache hit rate over time", cacheHitRateChart(data))}
${panel("agent-invocations", "Invocations per agent", agentInvocationsChart(data))}
${panel("suggestions", "Suggestions", suggestions(data))}
<div class="two-col">
${panel("models", "Models", modelsTable(data.cost))}
${panel("gates", "Gates", gatesTable(data.gates))}
</div>
${panel("agents", "Agents", agentsTable(data.agents))}
<footer>Generated by vextrus report</footer>
</main>
</body>
</html>
`;
}
