/**
 * Anthropic list prices in USD per million tokens, as data. Order of each tuple:
 * input, output, 5-minute cache write, 1-hour cache write, cache read.
 *
 * Source: the model catalog bundled in @anthropic-ai/claude-code 2.1.332 (`pricing_tiers`, and the fast-mode
 * rates hard-coded beside it) and Anthropic's published long-context rule for Sonnet 4.x; checked 2026-11-25. Keys are canonical ids: the model name without the `claude-`
 * prefix, release date or provider decoration (see normalizeModelId). The rules and their sources: docs/prices.md.
 */
export type PriceTuple = readonly [
  input: string,
  output: string,
  write5m: string,
  write1h: string,
  read: string,
];

export interface PriceTableEntry {
  readonly ids: readonly string[];
  readonly prices: PriceTuple;
  /** A request whose prompt (input + cache read + cache write) exceeds `aboveTokens` is charged wholly at `prices`. */
  readonly longContext?: { readonly aboveTokens: number; readonly prices: PriceTuple };
  /** Rates for `usage.speed == "fast"`, where the catalog has them. */
  readonly fast?: PriceTuple;
}

export interface PriceTableData {
  readonly source: string;
  readonly asOf: string;
  /** USD per server-side web search request (`usage.server_tool_use.web_search_requests`). */
  readonly webSearchUsd: string;
  readonly entries: readonly PriceTableEntry[];
}

const SONNET_4_LONG = { aboveTokens: 200_000, prices: ["6", "22.50", "7.50", "12", "0.60"] } as const;

export const DEFAULT_PRICE_TABLE: PriceTableData = {
  source:
    "model catalog of @anthropic-ai/claude-code 2.1.332 (pricing_tiers) and Anthropic's long-context pricing",
  asOf: "2026-11-25",
  webSearchUsd: "0.01",
  entries: [
    { ids: ["opus-5-5"], prices: ["4", "20", "5", "8", "0.20"], fast: ["8", "40", "10", "16", "0.40"] },
    {
      ids: ["opus-4-8", "opus-5"],
      prices: ["5", "25", "6.25", "10", "0.50"],
      fast: ["10", "50", "12.50", "20", "1"],
    },
    {
      ids: ["opus-4-6", "opus-4-7"],
      prices: ["5", "25", "6.25", "10", "0.50"],
      fast: ["30", "150", "37.50", "60", "3"],
    },
    { ids: ["opus-4-5"], prices: ["5", "25", "6.25", "10", "0.50"] },
    { ids: ["opus-4-0", "opus-4-1"], prices: ["15", "75", "18.75", "30", "1.50"] },
    { ids: ["sonnet-5-5"], prices: ["2", "10", "2.50", "4", "0.10"] },
    { ids: ["sonnet-5"], prices: ["2", "10", "2.50", "4", "0.20"] },
    {
      ids: ["sonnet-4-0", "sonnet-4-5", "sonnet-4-6"],
      prices: ["3", "15", "3.75", "6", "0.30"],
      longContext: SONNET_4_LONG,
    },
    { ids: ["3-7-sonnet", "3-5-sonnet"], prices: ["3", "15", "3.75", "6", "0.30"] },
    {
      ids: ["haiku-5-5"],
      prices: ["0.10", "0.50", "0.125", "0.20", "0.01"],
      longContext: { aboveTokens: 100_000, prices: ["0.50", "2.50", "0.625", "1", "0.05"] },
    },
    { ids: ["haiku-4-5"], prices: ["1", "5", "1.25", "2", "0.10"] },
    { ids: ["3-5-haiku"], prices: ["0.80", "4", "1", "1.60", "0.08"] },
    { ids: ["fable-5", "mythos-5"], prices: ["10", "50", "12.50", "20", "1"] },
    { ids: ["fable-5-1", "mythos-5-1"], prices: ["10", "50", "12.50", "20", "0.25"] },
    {
      ids: ["fable-5-2", "mythos-5-2"],
      prices: ["8", "40", "10", "16", "0.20"],
      fast: ["16", "80", "20", "32", "0.40"],
    },
  ],
};
