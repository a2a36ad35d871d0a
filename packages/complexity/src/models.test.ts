import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { VextrusComplexityError } from "./errors.js";
import { DEFAULT_MODEL_THRESHOLDS, type ModelThresholds, type ModelTier, selectModel } from "./models.js";

const RANK: Record<ModelTier, number> = { haiku: 0, "haiku-with-sonnet-review": 1, sonnet: 2, opus: 3 };

describe("selectModel", () => {
  it("uses haiku below 30, haiku with a sonnet review below 60, sonnet from 60", () => {
    expect(DEFAULT_MODEL_THRESHOLDS).toEqual({ haiku: 30, haikuWithSonnetReview: 60 });
    expect(selectModel(0)).toBe("haiku");
    expect(selectModel(29)).toBe("haiku");
    expect(selectModel(30)).toBe("haiku-with-sonnet-review");
    expect(selectModel(59)).toBe("haiku-with-sonnet-review");
    expect(selectModel(60)).toBe("sonnet");
    expect(selectModel(100)).toBe("sonnet");
  });

  it("uses opus only when the thresholds name it", () => {
    const withOpus = { haiku: 30, haikuWithSonnetReview: 60, sonnet: 85 };
    expect(selectModel(84, withOpus)).toBe("sonnet");
    expect(selectModel(85, withOpus)).toBe("opus");
    expect(selectModel(100, withOpus)).toBe("opus");
  });

  it("accepts equal thresholds, which skip a tier", () => {
    const noReview = { haiku: 40, haikuWithSonnetReview: 40 };
    expect(selectModel(39, noReview)).toBe("haiku");
    expect(selectModel(40, noReview)).toBe("sonnet");
    expect(selectModel(0, { haiku: 0, haikuWithSonnetReview: 0, sonnet: 0 })).toBe("opus");
  });

  it("rejects thresholds out of range or out of order, naming the field", () => {
    expect(() => selectModel(50, { haiku: 30, haikuWithSonnetReview: 120 })).toThrow(
      "[vextrus] [complexity] thresholds.haikuWithSonnetReview: expected a score from 0 to 100, got 120",
    );
    expect(() => selectModel(50, { haiku: Number.NaN, haikuWithSonnetReview: 60 })).toThrow(
      "thresholds.haiku: expected a score from 0 to 100, got NaN",
    );
    expect(() => selectModel(50, { haiku: 30, haikuWithSonnetReview: 20 })).toThrow(
      "thresholds.haikuWithSonnetReview: expected at least haiku (30), got 20; thresholds must not decrease: haiku ≤ haikuWithSonnetReview ≤ sonnet",
    );
    expect(() => selectModel(50, { haiku: 30, haikuWithSonnetReview: 60, sonnet: 50 })).toThrow(
      "thresholds.sonnet: expected at least haikuWithSonnetReview (60), got 50",
    );
    try {
      selectModel(50, { haiku: 30, haikuWithSonnetReview: 20 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(VextrusComplexityError);
      expect((error as VextrusComplexityError).code).toBe("THRESHOLDS_INVALID");
    }
  });

  it("rejects a score that is not a number", () => {
    expect(() => selectModel(Number.NaN)).toThrow(
      expect.objectContaining({
        code: "SCORE_INVALID",
        message: "[vextrus] [complexity] score: expected a number, got NaN",
      }),
    );
  });

  it("is monotone in the score for any valid thresholds (property)", () => {
    const thresholds: fc.Arbitrary<ModelThresholds> = fc
      .tuple(
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
      )
      .chain(([a, b, c]) => {
        const [haiku, haikuWithSonnetReview, sonnet] = [a, b, c].sort((x, y) => x - y) as [
          number,
          number,
          number,
        ];
        return fc.constantFrom<ModelThresholds>(
          { haiku, haikuWithSonnetReview },
          { haiku, haikuWithSonnetReview, sonnet },
        );
      });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        fc.option(thresholds, { nil: undefined }),
        (x, y, t) => {
          const [low, high] = x <= y ? [x, y] : [y, x];
          expect(RANK[selectModel(low, t)]).toBeLessThanOrEqual(RANK[selectModel(high, t)]);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
