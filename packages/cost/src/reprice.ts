import type { Pico } from "./money.js";
import { costOfRequest, type PriceBook, type RequestUsage } from "./pricing.js";

/** One request as a transcript records it: its usage and the model that served it. */
export interface ModelRequest extends RequestUsage {
  model: string;
}

export interface RepricedRun {
  /** What the requests cost on the models that served them. */
  actualPico: Pico;
  /** The same requests, with the same token counts, priced at `baselineModel`. */
  baselinePico: Pico;
  /** `baselinePico - actualPico`: negative when the chosen model costs more than the baseline. */
  savedPico: Pico;
  requests: number;
}

/** Claude Code's own placeholder messages: never billed, on any model. */
const SYNTHETIC = "<synthetic>";

/**
 * What a run's model choice saved: its requests at their exact price, and the same requests priced at the model
 * it would otherwise have run on. Token counts on another model are assumed equal (another model would have
 * written a different answer of a different length; only the price of these tokens is known). Undefined when a
 * price is missing (the baseline's, or a request's model): a saving half-priced is not a saving.
 */
export function repriceRequests(
  requests: readonly ModelRequest[],
  book: PriceBook,
  baselineModel: string,
): RepricedRun | undefined {
  const baseline = book.resolve(baselineModel);
  if (!baseline) return undefined;
  let actualPico = 0n;
  let baselinePico = 0n;
  let count = 0;
  for (const r of requests) {
    if (r.model === SYNTHETIC) continue;
    const pricing = book.resolve(r.model);
    if (!pricing) return undefined;
    actualPico += costOfRequest(r, pricing);
    baselinePico += costOfRequest(r, baseline);
    count++;
  }
  return { actualPico, baselinePico, savedPico: baselinePico - actualPico, requests: count };
}
