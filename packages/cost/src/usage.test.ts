import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { VextrusCostError } from "./errors.js";
import { usageTokens } from "./usage.js";

describe("usageTokens", () => {
  it("maps the API usage object, splitting cache writes into the 1-hour part and the 5-minute rest", () => {
    expect(
      usageTokens({
        input_tokens: 10,
        output_tokens: 20,
        cache_creation_input_tokens: 700,
        cache_read_input_tokens: 300,
        cache_creation: { ephemeral_5m_input_tokens: 200, ephemeral_1h_input_tokens: 500 },
        server_tool_use: { web_search_requests: 2 },
        speed: "fast",
        inference_geo: "us",
      }),
    ).toEqual({
      input: 10,
      output: 20,
      cacheWrite5m: 200,
      cacheWrite1h: 500,
      cacheRead: 300,
      webSearches: 2,
      speed: "fast",
      geo: "us",
    });
  });

  it("reads missing and null counts as 0", () => {
    expect(usageTokens({ output_tokens: 3, cache_read_input_tokens: null, cache_creation: null })).toEqual({
      input: 0,
      output: 3,
      cacheWrite5m: 0,
      cacheWrite1h: 0,
      cacheRead: 0,
      webSearches: 0,
      speed: null,
      geo: null,
    });
  });

  it("caps a 1-hour figure above the total at the total: the total is what is billed as cache writes", () => {
    const u = usageTokens({
      cache_creation_input_tokens: 100,
      cache_creation: { ephemeral_1h_input_tokens: 150 },
    });
    expect([u.cacheWrite5m, u.cacheWrite1h]).toEqual([0, 100]);
  });

  it.each([
    ["input_tokens", { input_tokens: -1 }, "-1"],
    ["output_tokens", { output_tokens: "7" }, '"7"'],
    ["cache_creation_input_tokens", { cache_creation_input_tokens: 1.5 }, "1.5"],
    ["cache_creation.ephemeral_1h_input_tokens", { cache_creation: { ephemeral_1h_input_tokens: -3 } }, "-3"],
    ["server_tool_use.web_search_requests", { server_tool_use: { web_search_requests: Number.NaN } }, "null"],
  ])("rejects an invalid %s, naming the field and the value", (field, usage, shown) => {
    const error = (() => {
      try {
        usageTokens(usage);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(VextrusCostError);
    expect(error).toMatchObject({
      code: "USAGE_INVALID",
      detail: `usage.${field}: expected a non-negative integer token count, got ${shown}`,
    });
  });

  it("never gives a negative count, and the cache-write parts always sum to the billed total (property)", () => {
    const maybe = (arb: fc.Arbitrary<number>) => fc.option(arb, { nil: undefined });
    const n = fc.integer({ min: 0, max: 10_000_000 });
    fc.assert(
      fc.property(
        maybe(n),
        maybe(n),
        maybe(n),
        maybe(n),
        maybe(n),
        maybe(n),
        (input, output, write, read, oneHour, fiveMin) => {
          const u = usageTokens({
            input_tokens: input,
            output_tokens: output,
            cache_creation_input_tokens: write,
            cache_read_input_tokens: read,
            cache_creation: { ephemeral_1h_input_tokens: oneHour, ephemeral_5m_input_tokens: fiveMin },
          });
          for (const v of [u.input, u.output, u.cacheWrite5m, u.cacheWrite1h, u.cacheRead]) {
            expect(Number.isSafeInteger(v) && v >= 0).toBe(true);
          }
          expect(u.cacheWrite5m + u.cacheWrite1h).toBe(write ?? 0);
          expect(u.cacheWrite1h).toBe(Math.min(oneHour ?? 0, write ?? 0));
          expect([u.input, u.output, u.cacheRead]).toEqual([input ?? 0, output ?? 0, read ?? 0]);
        },
      ),
    );
  });

  it("accepts nothing that is not a non-negative integer (property)", () => {
    const bad = fc.oneof(
      fc.integer({ max: -1 }),
      fc.double({ noInteger: true }),
      fc.string(),
      fc.boolean(),
      fc.constant(2 ** 53),
    );
    const field = fc.constantFrom(
      "input_tokens",
      "output_tokens",
      "cache_creation_input_tokens",
      "cache_read_input_tokens",
    );
    fc.assert(
      fc.property(field, bad, (key, value) => {
        expect(() => usageTokens({ [key]: value })).toThrow(/USAGE_INVALID|expected a non-negative integer/);
      }),
    );
  });
});
