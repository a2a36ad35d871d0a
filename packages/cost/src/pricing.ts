import { type Pico, perMillionToPicoPerToken } from "./money.js";
import { DEFAULT_PRICE_TABLE, type PriceTableData, type PriceTuple } from "./price-table.js";

/** Prices in integer pico-dollars per token. */
export interface Rates {
  readonly input: number;
  readonly output: number;
  readonly write5m: number;
  readonly write1h: number;
  readonly read: number;
}

export interface ModelPricing {
  readonly id: string;
  /** Pico-dollars per server-side web search request. */
  readonly webSearch: number;
  readonly rates: Rates;
  readonly longContext?: { readonly aboveTokens: number; readonly rates: Rates };
  readonly fast?: Rates;
}

/** A price a user sets in config, in USD per million tokens. Cache prices default to Anthropic's multipliers. */
export interface PriceOverride {
  input: number | string;
  output: number | string;
  cache_write_5m?: number | string;
  cache_write_1h?: number | string;
  cache_read?: number | string;
  long_context?: {
    above_tokens: number;
    input: number | string;
    output: number | string;
    cache_write_5m?: number | string;
    cache_write_1h?: number | string;
    cache_read?: number | string;
  };
}

export interface PriceBook {
  /** The pricing of a model id as it appears in transcripts, or undefined when the model is not priced. */
  resolve(model: string): ModelPricing | undefined;
  /** Changes whenever any price changes; stored costs made under another fingerprint are stale. */
  readonly fingerprint: string;
}

/**
 * The canonical id of a model name as Claude Code, Bedrock or Vertex write it:
 * `claude-sonnet-4-5-20250929` → `sonnet-4-5`, `us.anthropic.claude-opus-4-1-20250805-v1:0` → `opus-4-1`,
 * `claude-opus-4-20250514` → `opus-4` (priced as `opus-4-0`), `claude-3-5-haiku-latest` → `3-5-haiku`, `claude-opus-4-6[1m]` → `opus-4-6`.
 */
export function normalizeModelId(model: string): string {
  let id = model.trim().toLowerCase();
  id = id.replace(/\[[^\]]*\]$/, "");
  const at = id.lastIndexOf("claude-");
  if (at >= 0) id = id.slice(at + "claude-".length);
  id = id
    .replace(/-v\d+(?::\d+)?$/, "")
    .replace(/@\d{8}$/, "")
    .replace(/-\d{8}$/, "")
    .replace(/-latest$/, "");
  return id;
}

function ratesFromTuple(tuple: PriceTuple, field: string): Rates {
  return {
    input: perMillionToPicoPerToken(tuple[0], `${field}.input`),
    output: perMillionToPicoPerToken(tuple[1], `${field}.output`),
    write5m: perMillionToPicoPerToken(tuple[2], `${field}.cache_write_5m`),
    write1h: perMillionToPicoPerToken(tuple[3], `${field}.cache_write_1h`),
    read: perMillionToPicoPerToken(tuple[4], `${field}.cache_read`),
  };
}

type OverridePrices = Omit<PriceOverride, "long_context">;

function ratesFromOverride(o: OverridePrices, field: string): Rates {
  const input = perMillionToPicoPerToken(o.input, `${field}.input`);
  const pick = (value: number | string | undefined, name: string, times: number) =>
    value === undefined
      ? Math.round((input * times) / 10) * 10
      : perMillionToPicoPerToken(value, `${field}.${name}`);
  return {
    input,
    output: perMillionToPicoPerToken(o.output, `${field}.output`),
    write5m: pick(o.cache_write_5m, "cache_write_5m", 1.25),
    write1h: pick(o.cache_write_1h, "cache_write_1h", 2),
    read: pick(o.cache_read, "cache_read", 0.1),
  };
}

/** `book.resolve`, asked once a model: a report asks for the same few models thousands of times. */
export function resolver(book: PriceBook): (model: string) => ModelPricing | undefined {
  const resolved = new Map<string, ModelPricing | undefined>();
  return (model) => {
    if (!resolved.has(model)) resolved.set(model, book.resolve(model));
    return resolved.get(model);
  };
}

export interface PriceBookOptions {
  table?: PriceTableData;
  /** Extra or replacement models, keyed by any spelling of the model id; `field` prefixes error messages. */
  overrides?: Record<string, PriceOverride>;
  overridesField?: string;
}

export function createPriceBook(options: PriceBookOptions = {}): PriceBook {
  const table = options.table ?? DEFAULT_PRICE_TABLE;
  const byId = new Map<string, ModelPricing>();
  const webSearch = perMillionToPicoPerToken(table.webSearchUsd, "price table webSearchUsd") * 1_000_000;
  for (const entry of table.entries) {
    const field = `price table ${entry.ids.join("/")}`;
    const rates = ratesFromTuple(entry.prices, field);
    const longContext = entry.longContext
      ? { aboveTokens: entry.longContext.aboveTokens, rates: ratesFromTuple(entry.longContext.prices, field) }
      : undefined;
    const fast = entry.fast ? ratesFromTuple(entry.fast, `${field}.fast`) : undefined;
    for (const id of entry.ids)
      byId.set(id, { id, webSearch, rates, ...(longContext && { longContext }), ...(fast && { fast }) });
  }
  const prefix = options.overridesField ?? "optimization.cost.prices";
  for (const [model, override] of Object.entries(options.overrides ?? {})) {
    const field = `${prefix}.${model}`;
    const id = normalizeModelId(model);
    const lc = override.long_context;
    const longContext = lc
      ? { aboveTokens: lc.above_tokens, rates: ratesFromOverride(lc, `${field}.long_context`) }
      : undefined;
    byId.set(id, {
      id,
      webSearch,
      rates: ratesFromOverride(override, field),
      ...(longContext && { longContext }),
    });
  }
  // Ordinal order: localeCompare would start ICU (~6 ms), which a hook pays on every start.
  const fingerprint = JSON.stringify(
    [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  );
  const memo = new Map<string, ModelPricing | undefined>();
  return {
    fingerprint,
    resolve(model) {
      if (memo.has(model)) return memo.get(model);
      const id = normalizeModelId(model);
      // The first Claude 4 models have no minor number in their names (claude-opus-4-20250514).
      const pricing = byId.get(id) ?? byId.get(`${id}-0`);
      memo.set(model, pricing);
      return pricing;
    },
  };
}

/** Token counts of one API request, by kind, as Claude Code records them. */
export interface TokenCounts {
  input: number;
  output: number;
  /** Cache writes billed at the 5-minute rate: `cache_creation_input_tokens` less the 1-hour part. */
  cacheWrite5m: number;
  cacheWrite1h: number;
  cacheRead: number;
}

export interface RequestUsage extends TokenCounts {
  /** `usage.speed`; "fast" uses the model's fast-mode rates where the catalog has them. */
  speed?: string | null;
  /** `usage.inference_geo`; "us" multiplies every rate by 1.1. */
  geo?: string | null;
  /** `usage.server_tool_use.web_search_requests`: billed per request, outside the region multiplier. */
  webSearches?: number;
}

export type PriceTier = "standard" | "long-context" | "fast";

/** The rates that apply to one request: long-context rates charge the whole request, output included. */
export function ratesFor(usage: RequestUsage, pricing: ModelPricing): { rates: Rates; tier: PriceTier } {
  if (usage.speed === "fast" && pricing.fast) return { rates: pricing.fast, tier: "fast" };
  const lc = pricing.longContext;
  if (lc && usage.input + usage.cacheRead + usage.cacheWrite5m + usage.cacheWrite1h > lc.aboveTokens) {
    return { rates: lc.rates, tier: "long-context" };
  }
  return { rates: pricing.rates, tier: "standard" };
}

/**
 * Exact cost of one request in pico-dollars as a plain number, or undefined when it would not be a safe integer
 * (above about $9,007: only made-up token counts get there). For loops that sum millions of requests: number
 * arithmetic is several times faster than bigint, and `costOfRequest` is the one public rule built on it.
 */
export function costOfRequestSmall(usage: RequestUsage, pricing: ModelPricing): number | undefined {
  const { rates } = ratesFor(usage, pricing);
  const base =
    usage.input * rates.input +
    usage.output * rates.output +
    usage.cacheWrite5m * rates.write5m +
    usage.cacheWrite1h * rates.write1h +
    usage.cacheRead * rates.read;
  // Rates are multiples of 10 pico (prices have at most 5 decimals), so the region uplift stays an integer.
  const tokens = usage.geo === "us" ? (base / 10) * 11 : base;
  const total = usage.webSearches ? tokens + usage.webSearches * pricing.webSearch : tokens;
  return Number.isSafeInteger(total) ? total : undefined;
}

/** Exact cost of one request in pico-dollars, at any size. */
export function costOfRequest(usage: RequestUsage, pricing: ModelPricing): Pico {
  const small = costOfRequestSmall(usage, pricing);
  if (small !== undefined) return BigInt(small);
  const { rates } = ratesFor(usage, pricing);
  const b = BigInt;
  const base =
    b(usage.input) * b(rates.input) +
    b(usage.output) * b(rates.output) +
    b(usage.cacheWrite5m) * b(rates.write5m) +
    b(usage.cacheWrite1h) * b(rates.write1h) +
    b(usage.cacheRead) * b(rates.read);
  const tokens = usage.geo === "us" ? (base / 10n) * 11n : base;
  return tokens + b(usage.webSearches ?? 0) * b(pricing.webSearch);
}
