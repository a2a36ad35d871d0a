import { escapeHtml } from "./escape.js";
import { formatCount, formatDurationMs, formatPercent, formatRate, formatUsd2 } from "./format.js";
import type { ReportData } from "./report-data.js";

interface Column<Row> {
  head: string;
  numeric?: boolean;
  cell: (row: Row) => string;
}

function table<Row>(name: string, columns: Column<Row>[], rows: Row[], total?: string[]): string {
  const cls = (c: Column<Row>) => (c.numeric ? ' class="num"' : ' class="name"');
  const head = columns
    .map((c) => `<th${c.numeric ? ' class="num"' : ""}>${escapeHtml(c.head)}</th>`)
    .join("");
  const body = rows
    .map((row) => `<tr>${columns.map((c) => `<td${cls(c)}>${escapeHtml(c.cell(row))}</td>`).join("")}</tr>`)
    .join("");
  const foot = total
    ? `<tfoot><tr>${total.map((t, i) => `<td${columns[i]?.numeric ? ' class="num"' : ""}>${escapeHtml(t)}</td>`).join("")}</tr></tfoot>`
    : "";
  return `<table data-table="${name}"><thead><tr>${head}</tr></thead><tbody>${body}</tbody>${foot}</table>`;
}

function empty(message: string): string {
  return `<p class="no-data">${escapeHtml(message)}</p>`;
}

export function modelsTable(cost: ReportData["cost"]): string {
  if (cost.byModel.length === 0) return empty("No model usage in this period.");
  const tokens = cost.byModel.reduce((sum, m) => sum + m.tokens, 0);
  return table(
    "models",
    [
      { head: "Model", cell: (m) => m.model },
      { head: "Cost", numeric: true, cell: (m) => formatUsd2(m.usd) },
      { head: "Share", numeric: true, cell: (m) => formatPercent(m.sharePct) },
      { head: "Tokens", numeric: true, cell: (m) => formatCount(m.tokens) },
    ],
    cost.byModel,
    ["Total", formatUsd2(cost.totalUsd), formatPercent(100), formatCount(tokens)],
  );
}

export function agentsTable(agents: ReportData["agents"]): string {
  if (agents.length === 0) return empty("No agent invocations in this period.");
  return table(
    "agents",
    [
      { head: "Agent", cell: (a) => a.agent },
      { head: "Invocations", numeric: true, cell: (a) => formatCount(a.invocations) },
      { head: "Success", numeric: true, cell: (a) => formatRate(a.successRate) },
      { head: "Avg duration", numeric: true, cell: (a) => formatDurationMs(a.avgDurationMs) },
      { head: "Cost", numeric: true, cell: (a) => formatUsd2(a.costUsd) },
    ],
    agents,
  );
}

export function gatesTable(gates: ReportData["gates"]): string {
  if (gates.length === 0) return empty("No gate runs in this period.");
  return table(
    "gates",
    [
      { head: "Gate", cell: (g) => g.gate },
      { head: "Runs", numeric: true, cell: (g) => formatCount(g.runs) },
      { head: "Pass rate", numeric: true, cell: (g) => formatRate(g.passRate) },
      { head: "Avg duration", numeric: true, cell: (g) => formatDurationMs(g.avgDurationMs) },
      { head: "Not run", numeric: true, cell: (g) => formatCount(g.notRun ?? 0) },
    ],
    gates,
  );
}
