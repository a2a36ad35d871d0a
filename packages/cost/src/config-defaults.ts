import type { PriceOverride } from "./pricing.js";

/** The `optimization.cost` settings once validated (see parseCostConfig in `@vextrus/cost/config`). */
export interface CostConfig {
  enabled: boolean;
  auto_model_selection: boolean;
  monthly_budget_usd: number;
  alert_threshold_pct: number;
  /** When true, a prompt submitted after the monthly budget is spent is refused (default false: warn only). */
  hard_budget_stop: boolean;
  /** Extra or corrected model prices, keyed by model id. */
  prices: Record<string, PriceOverride>;
}

/** The defaults, as a plain object: a caller with no settings to validate need not load zod (~30 ms). */
export const DEFAULT_COST_CONFIG: Readonly<CostConfig> = Object.freeze({
  enabled: true,
  auto_model_selection: true,
  monthly_budget_usd: 500,
  alert_threshold_pct: 80,
  hard_budget_stop: false,
  prices: {},
});
