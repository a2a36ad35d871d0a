import { createPriceBook } from "@vextrus/cost";
import { describe, expect, it } from "vitest";
import { agentUsageFromApi, priceUsage, sumUsage } from "./usage.js";

describe("agentUsageFromApi", () => {
  it("reads a Messages API usage by cost's one rule: the 1-hour writes are part of the billed total, capped at it", () => {
    expect(
      agentUsageFromApi({
        input_tokens: 5,
        output_tokens: 7,
        cache_creation_input_tokens: 300,
        cache_read_input_tokens: 80,
        cache_creation: { ephemeral_5m_input_tokens: 100, ephemeral_1h_input_tokens: 200 },
      }),
    ).toEqual({ input: 5, output: 7, cacheWrite5m: 100, cacheWrite1h: 200, cacheRead: 80 });
    expect(
      agentUsageFromApi({
        cache_creation_input_tokens: 50,
        cache_creation: { ephemeral_1h_input_tokens: 80 },
      }),
    ).toEqual({ input: 0, output: 0, cacheWrite5m: 0, cacheWrite1h: 50, cacheRead: 0 });
  });

  it("refuses a count that is not a token count, naming the field", () => {
    expect(() => agentUsageFromApi({ input_tokens: -2 })).toThrow(
      expect.objectContaining({
        code: "USAGE_INVALID",
        detail: expect.stringContaining("usage.input_tokens"),
      }),
    );
  });
});

describe("priceUsage", () => {
  it("prices exactly in bigint pico-dollars, past 2^53", () => {
    const usage = sumUsage([
      { input: 2_000_000_000, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 },
      { input: 1, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 },
    ]);
    // Opus 4.1 input: $15 per million tokens = 15,000,000 pico a token.
    expect(priceUsage(usage, "claude-opus-4-1", createPriceBook())).toEqual({
      costPico: 2_000_000_001n * 15_000_000n,
      priced: true,
    });
    expect(priceUsage(usage, "claude-unknown-9", createPriceBook())).toEqual({ costPico: 0n, priced: false });
  });
});
