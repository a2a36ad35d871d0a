import { describe, expect, it } from "vitest";
import { quantile, weightedQuantile } from "./quantile.js";

describe("quantile", () => {
  it("takes the nearest rank, a value that was observed", () => {
    expect(quantile([30, 10, 20, 40], 0.5)).toBe(20);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(quantile([7], 0.9)).toBe(7);
  });

  it("lets heavy values pull the weighted median", () => {
    const items = [
      { value: 10, weight: 1 },
      { value: 100, weight: 3 },
    ];
    expect(weightedQuantile(items, 0.5)).toBe(100);
    expect(weightedQuantile(items, 0.25)).toBe(10);
  });

  it("ignores zero weights unless all are zero", () => {
    expect(
      weightedQuantile(
        [
          { value: 1, weight: 0 },
          { value: 5, weight: 2 },
        ],
        0,
      ),
    ).toBe(5);
    expect(
      weightedQuantile(
        [
          { value: 1, weight: 0 },
          { value: 5, weight: 0 },
        ],
        0.5,
      ),
    ).toBe(1);
  });

  it("throws on no values", () => {
    expect(() => quantile([], 0.5)).toThrow(RangeError);
  });
});
