import { dayAxis, type LinearScale, noData, type PlotArea, px, valueAxis } from "./chart-scale.js";
import { escapeHtml } from "./escape.js";
import { formatCount, formatRate } from "./format.js";
import { seriesColor } from "./palette.js";
import type { ReportData } from "./report-data.js";

// The wide right margin holds the period-average label, clear of the last day's point label.
const AREA: PlotArea = { width: 1120, height: 300, left: 72, right: 88, top: 24, bottom: 56 };
// Printing every point's value is only legible while the points are a hand-width apart.
const MAX_VALUE_LABELS = 14;

function clampRate(rate: number): number {
  return Number.isFinite(rate) ? Math.min(1, Math.max(0, rate)) : 0;
}

/** Chart 3: the daily cache hit rate as a line through one `<circle data-day data-rate>` per day, on a 0–100% axis. */
export function cacheHitRateChart(data: ReportData): string {
  const days = data.cache.byDay;
  if (days.length === 0) return noData("cache-hit-rate");

  const scale: LinearScale = { max: 1, ticks: [0, 0.25, 0.5, 0.75, 1] };
  const plotWidth = AREA.width - AREA.left - AREA.right;
  const plotHeight = AREA.height - AREA.top - AREA.bottom;
  const band = plotWidth / days.length;
  const color = seriesColor(0);
  const yOf = (rate: number) => AREA.top + plotHeight - clampRate(rate) * plotHeight;
  const points = days.map((d, i) => ({ d, x: AREA.left + band * (i + 0.5), y: yOf(d.hitRate) }));

  const average = Number.isFinite(data.cache.hitRate)
    ? `<line class="average" x1="${AREA.left}" x2="${px(AREA.width - AREA.right)}" y1="${px(yOf(data.cache.hitRate))}" y2="${px(yOf(data.cache.hitRate))}"/>` +
      `<text class="average-label" x="${px(AREA.width - AREA.right + 6)}" y="${px(yOf(data.cache.hitRate) + 4)}">${escapeHtml(`avg ${formatRate(data.cache.hitRate)}`)}</text>`
    : "";
  const line =
    points.length > 1
      ? `<polyline class="line" fill="none" stroke="${color}" points="${points.map((p) => `${px(p.x)},${px(p.y)}`).join(" ")}"/>`
      : "";
  const circles = points
    .map(
      ({ d, x, y }) =>
        `<circle data-day="${escapeHtml(d.day)}" data-rate="${d.hitRate}" cx="${px(x)}" cy="${px(y)}" r="4.5" fill="${color}">` +
        `<title>${escapeHtml(`${d.day}: ${formatRate(d.hitRate)} (${formatCount(d.hits)} hits, ${formatCount(d.misses)} misses)`)}</title></circle>`,
    )
    .join("");
  const labels =
    points.length <= MAX_VALUE_LABELS
      ? points
          .map(
            ({ d, x, y }) =>
              `<text class="value" x="${px(x)}" y="${px(y - 10)}" text-anchor="middle">${escapeHtml(formatRate(d.hitRate, 0))}</text>`,
          )
          .join("")
      : "";

  return (
    `<svg data-chart="cache-hit-rate" viewBox="0 0 ${AREA.width} ${AREA.height}" role="img" aria-label="Cache hit rate over time">` +
    valueAxis(AREA, scale, (v) => formatRate(v, 0)) +
    average +
    line +
    circles +
    labels +
    dayAxis(
      AREA,
      days.map((d) => d.day),
      `Day (${data.period.timezone})`,
      "Hit rate",
    ) +
    "</svg>"
  );
}
