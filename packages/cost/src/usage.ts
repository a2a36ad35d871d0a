import { VextrusCostError } from "./errors.js";
import type { RequestUsage } from "./pricing.js";

/**
 * The `usage` object of a Messages API response, as Claude Code writes it in transcripts and `claude -p` prints it.
 * Every field is optional here: this is the shape read, not trusted.
 */
export interface ApiUsage {
  input_tokens?: unknown;
  output_tokens?: unknown;
  cache_creation_input_tokens?: unknown;
  cache_read_input_tokens?: unknown;
  cache_creation?: unknown;
  server_tool_use?: unknown;
  speed?: unknown;
  inference_geo?: unknown;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `undefined` when the count is invalid; missing and null are 0. */
function count(value: unknown): number | undefined {
  if (value === undefined || value === null) return 0;
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

function text(value: unknown): string | null {
  return typeof value === "string" && value.length > 0 ? value : null;
}

function invalid(field: string, value: unknown): VextrusCostError {
  return new VextrusCostError(
    "USAGE_INVALID",
    `usage.${field}: expected a non-negative integer token count, got ${JSON.stringify(value) ?? String(value)}`,
  );
}

/**
 * The token counts (and billing flags) of one request from its API `usage` object. The one rule, everywhere:
 * - a missing or null count is 0;
 * - a count that is not a non-negative safe integer (negative, fractional, a string) is an error
 *   (`USAGE_INVALID`, naming the field): money is never guessed from a broken record;
 * - `cache_creation_input_tokens` is the total billed as cache writes; `cache_creation.ephemeral_1h_input_tokens`
 *   is the part of it billed at the 1-hour rate, capped at that total; the rest is billed at the 5-minute rate
 *   (`ephemeral_5m_input_tokens` is not read: it is that rest). So the two parts always sum to the total.
 */
export function usageTokens(usage: ApiUsage): RequestUsage {
  // readUsageTokens writes every field.
  return readUsageTokens(usage, {} as RequestUsage);
}

/**
 * usageTokens, writing into `into` (every field of RequestUsage) and returning it: the transcript walk fills the
 * request's own record, one object per usage line instead of two. On an error `into` is left half written.
 */
export function readUsageTokens<T extends RequestUsage>(usage: ApiUsage, into: T): T {
  const input = count(usage.input_tokens);
  if (input === undefined) throw invalid("input_tokens", usage.input_tokens);
  const output = count(usage.output_tokens);
  if (output === undefined) throw invalid("output_tokens", usage.output_tokens);
  const write = count(usage.cache_creation_input_tokens);
  if (write === undefined) throw invalid("cache_creation_input_tokens", usage.cache_creation_input_tokens);
  const cacheRead = count(usage.cache_read_input_tokens);
  if (cacheRead === undefined) throw invalid("cache_read_input_tokens", usage.cache_read_input_tokens);
  const split = usage.cache_creation;
  const raw1h = isObject(split) ? split.ephemeral_1h_input_tokens : undefined;
  const write1h = count(raw1h);
  if (write1h === undefined) throw invalid("cache_creation.ephemeral_1h_input_tokens", raw1h);
  const tools = usage.server_tool_use;
  const rawSearches = isObject(tools) ? tools.web_search_requests : undefined;
  const webSearches = count(rawSearches);
  if (webSearches === undefined) throw invalid("server_tool_use.web_search_requests", rawSearches);
  const cacheWrite1h = Math.min(write1h, write);
  into.input = input;
  into.output = output;
  into.cacheWrite5m = write - cacheWrite1h;
  into.cacheWrite1h = cacheWrite1h;
  into.cacheRead = cacheRead;
  into.speed = text(usage.speed);
  into.geo = text(usage.inference_geo);
  into.webSearches = webSearches;
  return into;
}
