import { type ApiUsage, costOfRequest, type Pico, type PriceBook, usageTokens } from "@vextrus/cost";
import { type AgentUsage, resolveModel, ZERO_USAGE } from "../runner.js";

/**
 * A Messages API `usage` object (the SDK's, or `claude -p`'s result) as AgentUsage, by `@vextrus/cost`'s one rule
 * (`usageTokens`: missing counts are 0, the 1-hour cache writes are the part of `cache_creation_input_tokens` they
 * name, capped at it, invalid counts throw `USAGE_INVALID`).
 */
export function agentUsageFromApi(usage: ApiUsage): AgentUsage {
  const { input, output, cacheWrite5m, cacheWrite1h, cacheRead } = usageTokens(usage);
  return { input, output, cacheWrite5m, cacheWrite1h, cacheRead };
}

export function addUsage(a: Readonly<AgentUsage>, b: Readonly<AgentUsage>): AgentUsage {
  return {
    input: a.input + b.input,
    output: a.output + b.output,
    cacheWrite5m: a.cacheWrite5m + b.cacheWrite5m,
    cacheWrite1h: a.cacheWrite1h + b.cacheWrite1h,
    cacheRead: a.cacheRead + b.cacheRead,
  };
}

export function sumUsage(usages: Iterable<Readonly<AgentUsage>>): AgentUsage {
  let total: AgentUsage = { ...ZERO_USAGE };
  for (const usage of usages) total = addUsage(total, usage);
  return total;
}

export interface PricedUsage {
  /** Integer pico-dollars; 0 when the model is not priced (then `priced` is false: the cost is unknown). */
  costPico: Pico;
  priced: boolean;
}

/**
 * The cost of one run. Aliases ("sonnet") go through `resolveModel` first, because the price book knows model
 * ids, not Claude Code's aliases.
 */
export function priceUsage(usage: Readonly<AgentUsage>, model: string, book: PriceBook): PricedUsage {
  const pricing = book.resolve(resolveModel(model));
  if (pricing === undefined) return { costPico: 0n, priced: false };
  return { costPico: costOfRequest(usage, pricing), priced: true };
}
