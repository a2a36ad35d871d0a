import { formatIssues } from "@vextrus/errors";
import * as z from "zod";
import type { CostConfig } from "./config-defaults.js";
import { VextrusCostError } from "./errors.js";

const PRICE = "expected a non-negative price in USD per million tokens";
const price = z.union(
  [z.number().nonnegative({ error: PRICE }), z.string().regex(/^\d+(\.\d+)?$/, { error: PRICE })],
  {
    error: PRICE,
  },
);

const priceFields = {
  input: price,
  output: price,
  cache_write_5m: price.optional(),
  cache_write_1h: price.optional(),
  cache_read: price.optional(),
};

const priceOverride = z.object({
  ...priceFields,
  long_context: z
    .object({
      above_tokens: z.number().int().positive({ error: "expected a positive token count" }),
      ...priceFields,
    })
    .optional(),
});

/** The `optimization.cost` block of `.claude/settings.local.json`. */
export const costConfigSchema = z.object({
  enabled: z.boolean().default(true),
  auto_model_selection: z.boolean().default(true),
  monthly_budget_usd: z
    .number({ error: "expected a positive number" })
    .positive({ error: "expected a positive number" })
    .default(500),
  alert_threshold_pct: z
    .number({ error: "expected a percentage between 1 and 100" })
    .min(1, { error: "expected a percentage between 1 and 100" })
    .max(100, { error: "expected a percentage between 1 and 100" })
    .default(80),
  /** Refuse new prompts once the month's spend reaches the budget (the hooks' UserPromptSubmit). */
  hard_budget_stop: z.boolean({ error: "expected true or false" }).default(false),
  /** Extra or corrected model prices, keyed by model id. */
  prices: z
    .record(z.string(), priceOverride, {
      error: 'expected an object of model id → { "input": …, "output": … }',
    })
    .default({}),
});

export type { CostConfig } from "./config-defaults.js";
export { DEFAULT_COST_CONFIG } from "./config-defaults.js";

export interface ParsedCostConfig {
  config: CostConfig;
  /** Keys that are not ours (typos, newer versions): reported, not fatal. */
  warnings: string[];
}

/**
 * Validates the cost block; errors name the full path and what is expected, e.g.
 * `optimization.cost.monthly_budget_usd: expected a positive number`.
 */
export function parseCostConfig(input: unknown, path = "optimization.cost"): ParsedCostConfig {
  const result = costConfigSchema.safeParse(input ?? {}, { reportInput: true });
  if (!result.success) {
    throw new VextrusCostError("CONFIG_INVALID", formatIssues(result.error.issues, path).join("; "));
  }
  const warnings: string[] = [];
  if (typeof input === "object" && input !== null) {
    const known = new Set(Object.keys(costConfigSchema.shape));
    for (const key of Object.keys(input))
      if (!known.has(key)) warnings.push(`${path}.${key}: unknown setting, ignored`);
  }
  return { config: result.data as CostConfig, warnings };
}
