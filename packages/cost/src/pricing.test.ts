import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { VextrusCostError } from "./errors.js";
import { picoToUsd } from "./money.js";
import {
  costOfRequest,
  costOfRequestSmall,
  createPriceBook,
  type ModelPricing,
  normalizeModelId,
  type RequestUsage,
  ratesFor,
} from "./pricing.js";

const book = createPriceBook();
const price = (model: string): ModelPricing => {
  const p = book.resolve(model);
  if (!p) throw new Error(`unpriced ${model}`);
  return p;
};
const M = 1_000_000;
const none: RequestUsage = { input: 0, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 };
/** USD for a million tokens of one kind, from pico-dollars. */
const usdPerMillion = (model: string, u: Partial<RequestUsage>) =>
  picoToUsd(costOfRequest({ ...none, ...u }, price(model)));

describe("normalizeModelId", () => {
  it.each([
    ["claude-sonnet-4-5-20250929", "sonnet-4-5"],
    ["claude-opus-4-1-20250805", "opus-4-1"],
    ["claude-opus-4-20250514", "opus-4"],
    ["claude-3-5-haiku-20241022", "3-5-haiku"],
    ["claude-3-5-haiku-latest", "3-5-haiku"],
    ["us.anthropic.claude-sonnet-4-5-20250929-v1:0", "sonnet-4-5"],
    ["claude-sonnet-4-5@20250929", "sonnet-4-5"],
    ["claude-opus-4-6[1m]", "opus-4-6"],
    ["Claude-Opus-5-5", "opus-5-5"],
  ])("%s → %s", (raw, id) => expect(normalizeModelId(raw)).toBe(id));
});

describe("the default price table", () => {
  // Each row: model id as transcripts carry it, then USD per million: input, output, 5m write, 1h write, read.
  it.each([
    ["claude-opus-5-5", 4, 20, 5, 8, 0.2],
    ["claude-opus-4-5-20251101", 5, 25, 6.25, 10, 0.5],
    ["claude-opus-4-6", 5, 25, 6.25, 10, 0.5],
    ["claude-opus-5", 5, 25, 6.25, 10, 0.5],
    ["claude-opus-4-1-20250805", 15, 75, 18.75, 30, 1.5],
    ["claude-opus-4-20250514", 15, 75, 18.75, 30, 1.5],
    ["claude-sonnet-5-5", 2, 10, 2.5, 4, 0.1],
    ["claude-sonnet-5", 2, 10, 2.5, 4, 0.2],
    ["claude-sonnet-4-5-20250929", 3, 15, 3.75, 6, 0.3],
    ["claude-sonnet-4-20250514", 3, 15, 3.75, 6, 0.3],
    ["claude-3-7-sonnet-20250219", 3, 15, 3.75, 6, 0.3],
    ["claude-haiku-5-5", 0.1, 0.5, 0.125, 0.2, 0.01],
    ["claude-haiku-4-5-20251001", 1, 5, 1.25, 2, 0.1],
    ["claude-3-5-haiku-20241022", 0.8, 4, 1, 1.6, 0.08],
    ["claude-fable-5", 10, 50, 12.5, 20, 1],
    ["claude-mythos-5-1", 10, 50, 12.5, 20, 0.25],
    ["claude-fable-5-2", 8, 40, 10, 16, 0.2],
  ])("%s costs %d / %d / %d / %d / %d per million", (model, input, output, w5, w1, read) => {
    // 90k tokens stay under every long-context threshold; scale to a million.
    const per = (u: Partial<RequestUsage>) => (usdPerMillion(model, u) * M) / 90_000;
    expect(per({ input: 90_000 })).toBeCloseTo(input, 10);
    expect(per({ output: 90_000 })).toBeCloseTo(output, 10);
    expect(per({ cacheWrite5m: 90_000 })).toBeCloseTo(w5, 10);
    expect(per({ cacheWrite1h: 90_000 })).toBeCloseTo(w1, 10);
    expect(per({ cacheRead: 90_000 })).toBeCloseTo(read, 10);
  });

  it("reports unknown models as unpriced instead of costing them at 0", () => {
    expect(book.resolve("claude-unknown-9")).toBeUndefined();
    expect(book.resolve("gpt-4o")).toBeUndefined();
  });

  it("charges a whole Sonnet 4.x request above 200k prompt tokens at the long-context rates, output included", () => {
    const small = costOfRequest(
      { ...none, input: 100_000, cacheRead: 100_000, output: 1000 },
      price("claude-sonnet-4-5"),
    );
    const large = costOfRequest(
      { ...none, input: 100_000, cacheRead: 100_001, output: 1000 },
      price("claude-sonnet-4-5"),
    );
    expect(small).toBe(BigInt(100_000 * 3e6 + 100_000 * 0.3e6 + 1000 * 15e6));
    expect(large).toBe(BigInt(100_000 * 6e6 + 100_001 * 0.6e6 + 1000 * 22.5e6));
  });

  it("counts cache writes toward the long-context threshold and charges them at the long 5m/1h rates", () => {
    const cost = costOfRequest(
      { ...none, input: 1, cacheWrite5m: 150_000, cacheWrite1h: 60_000 },
      price("claude-sonnet-4"),
    );
    expect(cost).toBe(BigInt(1 * 6e6 + 150_000 * 7.5e6 + 60_000 * 12e6));
  });

  it("applies Haiku 5.5's long-context tier above 100k prompt tokens", () => {
    expect(usdPerMillion("claude-haiku-5-5", { input: 100_000 })).toBeCloseTo(0.01, 12);
    expect(usdPerMillion("claude-haiku-5-5", { input: 100_001 })).toBeCloseTo(0.0500005, 12);
  });

  it("has no long-context tier for models without one (Opus 4.6, Sonnet 5.5)", () => {
    expect(usdPerMillion("claude-opus-4-6", { input: M })).toBe(5);
    expect(usdPerMillion("claude-sonnet-5-5", { input: M })).toBe(2);
  });

  it("multiplies every rate by 1.1 for inference_geo us, exactly", () => {
    const u = { input: 123_457, output: 9_999, cacheWrite5m: 77, cacheWrite1h: 13, cacheRead: 1_000_003 };
    for (const model of ["claude-haiku-5-5", "claude-opus-4-1", "claude-sonnet-4-5"]) {
      const base = costOfRequest(u, price(model));
      const us = costOfRequest({ ...u, geo: "us" }, price(model));
      expect(us * 10n).toBe(base * 11n);
    }
  });

  it("uses fast-mode rates where the catalog has them, standard rates elsewhere", () => {
    expect(usdPerMillion("claude-opus-4-6", { output: M, speed: "fast" })).toBe(150);
    expect(usdPerMillion("claude-opus-5-5", { input: M, speed: "fast" })).toBe(8);
    expect(usdPerMillion("claude-sonnet-4-5", { output: 100_000, speed: "fast" })).toBe(1.5);
  });

  it("adds $0.01 per web search, outside the region multiplier", () => {
    expect(usdPerMillion("claude-sonnet-4-5", { webSearches: 3 })).toBeCloseTo(0.03, 12);
    expect(usdPerMillion("claude-sonnet-4-5", { input: 1000, webSearches: 1, geo: "us" })).toBeCloseTo(
      0.0033 + 0.01,
      12,
    );
  });

  it("costs every request exactly: the number path agrees with bigint arithmetic, at any size (property)", () => {
    const models = [
      "claude-opus-4-1",
      "claude-haiku-5-5",
      "claude-sonnet-4-5",
      "claude-3-5-haiku",
      "claude-opus-4-6",
    ];
    // Up to 2e12 tokens of a kind: far past 2^53 pico, where a plain number would lose digits.
    const tokens = fc.oneof(fc.integer({ min: 0, max: 2_000_000 }), fc.integer({ min: 0, max: 2e12 }));
    fc.assert(
      fc.property(
        fc.constantFrom(...models),
        fc.record({
          input: tokens,
          output: tokens,
          cacheWrite5m: tokens,
          cacheWrite1h: tokens,
          cacheRead: tokens,
          webSearches: fc.nat(1000),
        }),
        fc.constantFrom(null, "us"),
        fc.constantFrom(null, "fast"),
        (model, u, geo, speed) => {
          const pricing = price(model);
          const request = { ...u, geo, speed };
          const cost = costOfRequest(request, pricing);
          const { rates } = ratesFor(request, pricing);
          const b = BigInt;
          const base =
            b(u.input) * b(rates.input) +
            b(u.output) * b(rates.output) +
            b(u.cacheWrite5m) * b(rates.write5m) +
            b(u.cacheWrite1h) * b(rates.write1h) +
            b(u.cacheRead) * b(rates.read);
          const expected =
            (geo === "us" ? (base * 11n) / 10n : base) + b(u.webSearches) * b(pricing.webSearch);
          expect(cost).toBe(expected);
          const small = costOfRequestSmall(request, pricing);
          if (small !== undefined) expect(b(small)).toBe(cost);
          else expect(cost > b(Number.MAX_SAFE_INTEGER)).toBe(true);
        },
      ),
    );
  });
});

describe("price overrides", () => {
  it("adds a model and derives cache prices from Anthropic's multipliers when omitted", () => {
    const custom = createPriceBook({ overrides: { "claude-nova-1-20270101": { input: 2, output: "8.5" } } });
    const p = custom.resolve("claude-nova-1");
    expect(p?.rates).toEqual({ input: 2e6, output: 8.5e6, write5m: 2.5e6, write1h: 4e6, read: 0.2e6 });
  });

  it("replaces a built-in price and changes the fingerprint", () => {
    const custom = createPriceBook({ overrides: { "claude-haiku-4-5": { input: 0.5, output: 2.5 } } });
    expect(custom.resolve("claude-haiku-4-5-20251001")?.rates.input).toBe(0.5e6);
    expect(custom.fingerprint).not.toBe(book.fingerprint);
  });

  it("names the field and the fix for a price with too many decimals", () => {
    const bad = () => createPriceBook({ overrides: { x: { input: "0.0000001", output: 1 } } });
    expect(bad).toThrow(VextrusCostError);
    expect(bad).toThrow(/optimization\.cost\.prices\.x\.input: at most 5 decimal places/);
  });
});
