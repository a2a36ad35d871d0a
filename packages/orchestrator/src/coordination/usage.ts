import { costOfRequest, type PriceBook } from "@vextrus/cost";
import { type AgentUsage, resolveModel, ZERO_USAGE } from "../runner.js";

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
  costPico: number;
  priced: boolean;
}

/**
 * The cost of one run. Aliases ("sonnet") go through `resolveModel` first, because the price book knows model
 * ids, not Claude Code's aliases.
 */
export function priceUsage(usage: Readonly<AgentUsage>, model: string, book: PriceBook): PricedUsage {
  const pricing = book.resolve(resolveModel(model));
  if (pricing === undefined) return { costPico: 0, priced: false };
  return { costPico: costOfRequest(usage, pricing), priced: true };
}
