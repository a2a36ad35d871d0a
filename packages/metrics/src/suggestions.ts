import {
  type CostReport,
  costOfRequest,
  formatUsd,
  type ModelPricing,
  normalizeModelId,
  type Pico,
  type PriceBook,
  type TokenCounts,
} from "@vextrus/cost";
import { VextrusMetricsError } from "./errors.js";
import type { MetricsSummary } from "./summary.js";

export type SuggestionType = "model-mix" | "agent-prompt" | "cache" | "budget-pace";
export type SuggestionPriority = "high" | "medium" | "low";

export interface Suggestion {
  type: SuggestionType;
  priority: SuggestionPriority;
  message: string;
  action: string;
  /** Computed from the data by the rule documented on each threshold. */
  estimatedSavingPico: Pico;
  agentType?: string;
}

export interface SuggestionThresholds {
  /** Model-mix fires when Sonnet + Opus spend is strictly above this share of all spend (percent). */
  premiumSharePct: number;
  /** Agent-prompt fires for an agent whose success rate is strictly below this (percent). */
  minSuccessPct: number;
  /** Cache fires when the cache hit rate is strictly below this (percent). */
  minCacheHitPct: number;
  /** A saving of at least this share of all spend is high priority (percent); budget overruns always are. */
  highPriorityPct: number;
  /** …at least this share, medium; below it, low. */
  mediumPriorityPct: number;
  /** The model the model-mix saving re-prices at. */
  cheapModel: string;
}

export const DEFAULT_SUGGESTION_THRESHOLDS: SuggestionThresholds = {
  premiumSharePct: 30,
  minSuccessPct: 85,
  minCacheHitPct: 50,
  highPriorityPct: 10,
  mediumPriorityPct: 2,
  cheapModel: "claude-haiku-4-5",
};

export interface CostSummaryInput {
  /** Spend by model; default the models of `metrics`. A `summarizeUsage(…, { groupBy: "model" })` fits. */
  report?: Pick<CostReport, "groups">;
  /** From `budgetStatus`: only the budget and its month-end projection are read. */
  budget?: { budgetPico: Pico; projectedPico: Pico };
}

export interface SuggestionConfig {
  book: PriceBook;
  thresholds?: Partial<SuggestionThresholds>;
}

const PREMIUM = /(^|-)(sonnet|opus)(-|$)/;

export function isPremiumModel(model: string): boolean {
  return PREMIUM.test(normalizeModelId(model));
}

/**
 * What a month's summed token mix would cost on `pricing`, by `costOfRequest` (the one pricing rule) at the
 * model's standard tier: the sum of many requests would wrongly cross a long-context threshold no single request
 * crossed, and fast mode is a per-request choice the mix does not carry.
 */
export function costOfMix(mix: TokenCounts, pricing: ModelPricing): Pico {
  const { longContext: _long, fast: _fast, ...standard } = pricing;
  return costOfRequest(mix, standard);
}

/**
 * The optimizations the data supports, each with its saving computed from that data:
 * - model-mix: premium (Sonnet/Opus) share of spend > `premiumSharePct`. The spend above the threshold,
 *   re-priced at `cheapModel` rates on the premium models' actual token mix, would have cost
 *   excess × haikuCost(mix) ÷ premiumCost; the saving is the difference.
 * - agent-prompt: an agent's success rate < `minSuccessPct`; saving = cost of its failed or corrected runs.
 * - cache: hit rate < `minCacheHitPct`; saving = the runs needed to reach the target rate, each at the average
 *   cost of a miss less the average cost of a hit (0 when there is no hit to compare with).
 * - budget-pace: projected month-end spend > budget; saving = the projected overrun.
 */
export function suggestOptimizations(
  metrics: MetricsSummary,
  cost: CostSummaryInput,
  config: SuggestionConfig,
): Suggestion[] {
  const t = { ...DEFAULT_SUGGESTION_THRESHOLDS, ...config.thresholds };
  const models =
    cost.report?.groups.map((g) => ({ model: g.key, tokens: g.tokens, costPico: g.costPico })) ??
    metrics.models;
  const totalCost = models.reduce((s, m) => s + m.costPico, 0n);
  const priority = (saving: Pico): SuggestionPriority => {
    const sharePct = totalCost === 0n ? 0 : Number((saving * 10_000n) / totalCost) / 100;
    return sharePct >= t.highPriorityPct ? "high" : sharePct >= t.mediumPriorityPct ? "medium" : "low";
  };
  const out: Suggestion[] = [];

  const premium = models.filter((m) => isPremiumModel(m.model));
  const premiumCost = premium.reduce((s, m) => s + m.costPico, 0n);
  const pctScaled = BigInt(Math.round(t.premiumSharePct * 100));
  if (totalCost > 0n && premiumCost * 10_000n > pctScaled * totalCost) {
    const cheap = config.book.resolve(t.cheapModel);
    if (!cheap)
      throw new VextrusMetricsError(
        "OPTIONS_INVALID",
        `thresholds.cheapModel: "${t.cheapModel}" has no price in the price book`,
      );
    const mix: TokenCounts = { input: 0, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 };
    for (const m of premium) {
      mix.input += m.tokens.input;
      mix.output += m.tokens.output;
      mix.cacheWrite5m += m.tokens.cacheWrite5m;
      mix.cacheWrite1h += m.tokens.cacheWrite1h;
      mix.cacheRead += m.tokens.cacheRead;
    }
    const cheapCost = costOfMix(mix, cheap);
    const excess = (premiumCost * 10_000n - pctScaled * totalCost) / 10_000n;
    const saving = cheapCost < premiumCost ? (excess * (premiumCost - cheapCost)) / premiumCost : 0n;
    const sharePct = Number((premiumCost * 10_000n) / totalCost) / 100;
    out.push({
      type: "model-mix",
      priority: priority(saving),
      message: `Sonnet and Opus take ${sharePct.toFixed(1)}% of spend (threshold ${t.premiumSharePct}%)`,
      action: `Route simple tasks to ${cheap.id}: moving the spend above ${t.premiumSharePct}% saves about ${formatUsd(saving)}`,
      estimatedSavingPico: saving,
    });
  }

  for (const a of metrics.agents) {
    if (a.successes * 100 >= t.minSuccessPct * a.invocations) continue;
    out.push({
      type: "agent-prompt",
      priority: priority(a.wastedCostPico),
      message: `${a.agentType} succeeds in ${(a.successRate * 100).toFixed(1)}% of ${a.invocations} runs (threshold ${t.minSuccessPct}%)`,
      action: `Review the ${a.agentType} prompt and tools${a.failureModes[0] ? `, starting with "${a.failureModes[0].failureMode}"` : ""}; its failed or corrected runs cost ${formatUsd(a.wastedCostPico)}`,
      estimatedSavingPico: a.wastedCostPico,
      agentType: a.agentType,
    });
  }

  const n = metrics.totals.invocations;
  const hits = metrics.totals.cacheHits;
  if (n > 0 && hits * 100 < t.minCacheHitPct * n) {
    const needed = BigInt(Math.ceil((t.minCacheHitPct * n) / 100) - hits);
    const misses = BigInt(n - hits);
    const missCost = metrics.totals.costPico - metrics.totals.hitCostPico;
    let saving = 0n;
    if (hits > 0) {
      // Compare averages as fractions: needed × (missCost/misses − hitCost/hits).
      const diff = missCost * BigInt(hits) - metrics.totals.hitCostPico * misses;
      if (diff > 0n) saving = (needed * diff) / (misses * BigInt(hits));
    }
    out.push({
      type: "cache",
      priority: priority(saving),
      message: `Cache hit rate is ${(metrics.totals.cacheHitRate * 100).toFixed(1)}% (threshold ${t.minCacheHitPct}%)`,
      action: `Enable or tune prompt caching (stable prompt prefixes, 1-hour TTL for repeated agents): ${needed} more cached runs save about ${formatUsd(saving)}`,
      estimatedSavingPico: saving,
    });
  }

  const budget = cost.budget;
  if (budget && budget.budgetPico > 0n && budget.projectedPico > budget.budgetPico) {
    const overrun = budget.projectedPico - budget.budgetPico;
    out.push({
      type: "budget-pace",
      priority: "high",
      message: `On pace for ${formatUsd(budget.projectedPico)} this month against a budget of ${formatUsd(budget.budgetPico)}`,
      action: `Cut ${formatUsd(overrun)} of projected spend (cheaper models, fewer retries) to end on budget`,
      estimatedSavingPico: overrun,
    });
  }
  return out;
}
