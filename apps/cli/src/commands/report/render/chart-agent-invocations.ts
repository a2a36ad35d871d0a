import { niceScale, noData, px } from "./chart-scale.js";
import { escapeHtml } from "./escape.js";
import { formatCount } from "./format.js";
import { seriesColor } from "./palette.js";
import type { ReportData } from "./report-data.js";

const WIDTH = 1120;
const LABEL_WIDTH = 220;
const RIGHT = 64; // room for the count printed after the longest bar
const TOP = 8;
const ROW = 30;
const BOTTOM = 48;
const MAX_LABEL = 28;

function clip(name: string): string {
  return name.length > MAX_LABEL ? `${name.slice(0, MAX_LABEL - 1)}…` : name;
}

/** Chart 2: one horizontal bar per agent, busiest first; long names are clipped but kept whole in the tooltip. */
export function agentInvocationsChart(data: ReportData): string {
  if (data.agents.length === 0) return noData("agent-invocations", "No agent invocations in this period.");

  const agents = [...data.agents].sort((a, b) => b.invocations - a.invocations);
  const scale = niceScale(Math.max(0, ...agents.map((a) => a.invocations)));
  const plotWidth = WIDTH - LABEL_WIDTH - RIGHT;
  const height = TOP + agents.length * ROW + BOTTOM;
  const baseline = TOP + agents.length * ROW;

  const grid = scale.ticks
    .map((tick) => {
      const x = LABEL_WIDTH + (tick / scale.max) * plotWidth;
      return (
        `<line class="grid" x1="${px(x)}" x2="${px(x)}" y1="${TOP}" y2="${px(baseline)}"/>` +
        `<text class="tick" x="${px(x)}" y="${px(baseline + 18)}" text-anchor="middle">${escapeHtml(formatCount(tick))}</text>`
      );
    })
    .join("");

  const bars = agents
    .map((a, i) => {
      const count = Number.isFinite(a.invocations) ? Math.max(0, a.invocations) : 0;
      const y = TOP + i * ROW + 5;
      const width = (count / scale.max) * plotWidth;
      return (
        `<text class="label" x="${LABEL_WIDTH - 10}" y="${px(y + 15)}" text-anchor="end">${escapeHtml(clip(a.agent))}<title>${escapeHtml(a.agent)}</title></text>` +
        `<rect data-agent="${escapeHtml(a.agent)}" data-invocations="${count}" x="${LABEL_WIDTH}" y="${px(y)}" width="${px(width)}" height="${ROW - 10}" fill="${seriesColor(0)}">` +
        `<title>${escapeHtml(`${a.agent}: ${formatCount(count)} invocations`)}</title></rect>` +
        `<text class="value" x="${px(LABEL_WIDTH + width + 6)}" y="${px(y + 15)}">${escapeHtml(formatCount(count))}</text>`
      );
    })
    .join("");

  return (
    `<svg data-chart="agent-invocations" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="Invocations per agent">` +
    grid +
    `<line class="axis" x1="${LABEL_WIDTH}" x2="${LABEL_WIDTH}" y1="${TOP}" y2="${px(baseline)}"/>` +
    bars +
    `<text class="axis-title" x="${px(LABEL_WIDTH + plotWidth / 2)}" y="${px(height - 6)}" text-anchor="middle">Invocations</text>` +
    "</svg>"
  );
}
