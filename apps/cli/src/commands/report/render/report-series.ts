import type { ReportData } from "./report-data.js";

/**
 * The models to chart, in legend order: `byModel` order first (the report puts the costliest first), then any
 * model that only appears in a day's breakdown, so no day's cost is silently dropped from the stack.
 */
export function chartModels(cost: ReportData["cost"]): string[] {
  const models = cost.byModel.map((m) => m.model);
  const seen = new Set(models);
  const extra = new Set<string>();
  for (const day of cost.byDay) {
    for (const model of Object.keys(day.byModel)) if (!seen.has(model)) extra.add(model);
  }
  return [...models, ...[...extra].sort()];
}

/** A model's cost on a day; absent or non-finite means nothing was spent that the chart can draw. */
export function dayModelUsd(day: ReportData["cost"]["byDay"][number], model: string): number {
  const usd = Object.hasOwn(day.byModel, model) ? day.byModel[model] : undefined;
  return usd !== undefined && Number.isFinite(usd) ? usd : 0;
}
