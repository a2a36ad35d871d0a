import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatUsd, perMillionToPicoPerToken, picoToUsd, usdToPico } from "./money.js";

describe("money", () => {
  it("converts per-million prices to exact pico-dollars per token", () => {
    expect(perMillionToPicoPerToken("3.75")).toBe(3_750_000);
    expect(perMillionToPicoPerToken("0.01")).toBe(10_000);
    expect(perMillionToPicoPerToken(0.125)).toBe(125_000);
    expect(perMillionToPicoPerToken("0.00001")).toBe(10);
  });

  it("rejects prices that are not plain non-negative decimals, naming the field", () => {
    expect(() => perMillionToPicoPerToken("-1", "prices.x.input")).toThrow(
      /prices\.x\.input: expected a non-negative/,
    );
    expect(() => perMillionToPicoPerToken("1e3", "f")).toThrow(/f: expected/);
  });

  it("formats pico-dollars as dollars, rounding half away from zero, with thousands separators", () => {
    expect(formatUsd(0n)).toBe("$0.00");
    expect(formatUsd(4_999_999_999n)).toBe("$0.00");
    expect(formatUsd(5_000_000_000n)).toBe("$0.01");
    expect(formatUsd(1_234_567_890_000_000n)).toBe("$1,234.57");
    expect(formatUsd(-5_000_000_000n)).toBe("-$0.01");
    expect(formatUsd(123_456_789n, 6)).toBe("$0.000123");
  });

  it("reads config amounts exactly", () => {
    expect(usdToPico(500)).toBe(500_000_000_000_000n);
    expect(usdToPico("0.1")).toBe(100_000_000_000n);
    expect(picoToUsd(1_500_000_000_000n)).toBe(1.5);
  });

  it("sums many request costs without drift, unlike floats (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 80_000_000_000_000 }), { maxLength: 300 }), (costs) => {
        const exact = costs.reduce((s, c) => s + BigInt(c), 0n);
        // The float sum of dollar amounts is what tools that sum floats report; ours is the bigint.
        const floats = costs.reduce((s, c) => s + c / 1e12, 0);
        expect(Math.abs(picoToUsd(exact) - floats)).toBeLessThan(1e-6 * Math.max(1, floats));
        expect(formatUsd(exact, 12)).toBe(
          `$${(exact / 10n ** 12n).toLocaleString("en-US")}.${(exact % 10n ** 12n).toString().padStart(12, "0")}`,
        );
      }),
    );
  });
});
