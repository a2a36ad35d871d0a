import { escapeHtml } from "./escape.js";

/** SVG coordinates to two decimals: keeps the markup short and byte-stable across platforms. */
export function px(n: number): string {
  return String(Math.round(n * 100) / 100);
}

export interface LinearScale {
  max: number;
  ticks: number[];
}

/**
 * A 0-based axis ending on a round number (1, 2, 2.5 or 5 × 10ⁿ steps) at or above `max`. An all-zero series
 * still gets a 0..1 axis so the chart shows flat zero bars rather than dividing by zero.
 */
export function niceScale(max: number, tickCount = 5): LinearScale {
  const top = Number.isFinite(max) && max > 0 ? max : 1;
  const raw = top / tickCount;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude;
  const count = Math.max(1, Math.ceil(top / step - 1e-9));
  const ticks = Array.from({ length: count + 1 }, (_, i) => Number((i * step).toPrecision(12)));
  return { max: ticks.at(-1) ?? top, ticks };
}

/** "2026-11-18" → "11-18": the year and month repeat across a weekly or monthly report. */
export function shortDay(day: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? day.slice(5) : day;
}

/** Every how-many-th day gets a label, so 31 days of labels do not overlap at 1280 px. */
export function labelEvery(days: number, maxLabels = 16): number {
  return Math.max(1, Math.ceil(days / maxLabels));
}

export interface PlotArea {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Horizontal grid lines with labels on a left value axis, shared by the cost and hit-rate charts. */
export function valueAxis(area: PlotArea, scale: LinearScale, label: (v: number) => string): string {
  const plotHeight = area.height - area.top - area.bottom;
  return scale.ticks
    .map((tick) => {
      const y = area.top + plotHeight - (tick / scale.max) * plotHeight;
      return (
        `<line class="grid" x1="${px(area.left)}" x2="${px(area.width - area.right)}" y1="${px(y)}" y2="${px(y)}"/>` +
        `<text class="tick" x="${px(area.left - 8)}" y="${px(y + 4)}" text-anchor="end">${escapeHtml(label(tick))}</text>`
      );
    })
    .join("");
}

/** Day labels under evenly spaced bands (thinned for long periods) and the axis titles. */
export function dayAxis(area: PlotArea, days: string[], xTitle: string, yTitle: string): string {
  const plotWidth = area.width - area.left - area.right;
  const band = plotWidth / Math.max(1, days.length);
  const every = labelEvery(days.length);
  const baseline = area.height - area.bottom;
  const labels = days
    .map((day, i) =>
      i % every === 0
        ? `<text class="tick" x="${px(area.left + band * (i + 0.5))}" y="${px(baseline + 18)}" text-anchor="middle">${escapeHtml(shortDay(day))}</text>`
        : "",
    )
    .join("");
  const midY = area.top + (area.height - area.top - area.bottom) / 2;
  return (
    `<line class="axis" x1="${px(area.left)}" x2="${px(area.width - area.right)}" y1="${px(baseline)}" y2="${px(baseline)}"/>` +
    labels +
    `<text class="axis-title" x="${px(area.left + plotWidth / 2)}" y="${px(area.height - 8)}" text-anchor="middle">${escapeHtml(xTitle)}</text>` +
    `<text class="axis-title" transform="translate(16 ${px(midY)}) rotate(-90)" text-anchor="middle">${escapeHtml(yTitle)}</text>`
  );
}

/** What a chart shows instead of an empty SVG, so a reader knows nothing happened rather than that it broke. */
export function noData(chart: string, message = "No data for this period."): string {
  return `<p class="no-data" data-chart-empty="${escapeHtml(chart)}">${escapeHtml(message)}</p>`;
}
