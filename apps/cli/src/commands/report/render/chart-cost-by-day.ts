import { dayAxis, niceScale, noData, type PlotArea, px, valueAxis } from "./chart-scale.js";
import { escapeHtml } from "./escape.js";
import { formatUsd2 } from "./format.js";
import { seriesColor } from "./palette.js";
import type { ReportData } from "./report-data.js";
import { chartModels, dayModelUsd } from "./report-series.js";

const AREA: PlotArea = { width: 1120, height: 340, left: 72, right: 16, top: 16, bottom: 56 };

function axisUsd(step: number) {
  // Whole dollars once the steps are whole; cents only where they tell ticks apart.
  return (v: number) =>
    step >= 1 ? `$${Math.round(v).toLocaleString("en-US")}` : formatUsd2(v).replace(/\.00$/, "");
}

/** Chart 1: one stacked bar per day, one `<g data-series>` per model with a `<rect>` for every day (zero-height when idle). */
export function costByDayChart(data: ReportData): string {
  const days = data.cost.byDay;
  const models = chartModels(data.cost);
  if (days.length === 0 || models.length === 0) return noData("cost-by-day");

  const stackTotals = days.map((d) => models.reduce((sum, m) => sum + Math.max(0, dayModelUsd(d, m)), 0));
  const scale = niceScale(Math.max(0, ...stackTotals));
  const plotWidth = AREA.width - AREA.left - AREA.right;
  const plotHeight = AREA.height - AREA.top - AREA.bottom;
  const band = plotWidth / days.length;
  const barWidth = Math.min(64, band * 0.72);
  const baseline = AREA.top + plotHeight;
  const stacked = days.map(() => 0);

  const series = models
    .map((model, mi) => {
      const rects = days
        .map((day, di) => {
          const usd = dayModelUsd(day, model);
          const height = (Math.max(0, usd) / scale.max) * plotHeight;
          const below = stacked[di] ?? 0;
          stacked[di] = below + height;
          const x = AREA.left + band * di + (band - barWidth) / 2;
          const y = baseline - below - height;
          return (
            `<rect data-day="${escapeHtml(day.day)}" data-usd="${usd}" x="${px(x)}" y="${px(y)}" width="${px(barWidth)}" height="${px(height)}">` +
            `<title>${escapeHtml(`${day.day} · ${model}: ${formatUsd2(usd)}`)}</title></rect>`
          );
        })
        .join("");
      return `<g data-series="${escapeHtml(model)}" fill="${seriesColor(mi)}">${rects}</g>`;
    })
    .join("");

  const step = (scale.ticks[1] ?? scale.max) - (scale.ticks[0] ?? 0);
  const svg =
    `<svg data-chart="cost-by-day" viewBox="0 0 ${AREA.width} ${AREA.height}" role="img" aria-label="Cost per day by model">` +
    valueAxis(AREA, scale, axisUsd(step)) +
    series +
    dayAxis(
      AREA,
      days.map((d) => d.day),
      `Day (${data.period.timezone})`,
      "Cost (USD)",
    ) +
    "</svg>";

  const usdByModel = new Map(data.cost.byModel.map((m) => [m.model, m.usd]));
  const legend = models
    .map(
      (model, mi) =>
        `<li data-legend="${escapeHtml(model)}"><span class="swatch" style="background:${seriesColor(mi)}"></span>` +
        `${escapeHtml(model)}${usdByModel.has(model) ? ` <span class="muted">${formatUsd2(usdByModel.get(model) ?? 0)}</span>` : ""}</li>`,
    )
    .join("");
  return `${svg}<ul class="legend">${legend}</ul>`;
}
