import { describe, expect, it } from "vitest";
import { successBucket } from "./buckets.js";
import { successTrend } from "./trend.js";

describe("success-rate buckets", () => {
  it.each([
    [20, 20, "above-95"],
    [191, 200, "above-95"], // 95.5%
    [19, 20, "90-95"], // exactly 95%: ">95%" is strict
    [18, 20, "90-95"], // exactly 90%
    [179, 200, "85-90"], // 89.5%
    [17, 20, "85-90"], // exactly 85%
    [169, 200, "below-85"], // 84.5%
    [0, 3, "below-85"],
  ])("%i of %i runs → %s", (successes, runs, bucket) => {
    expect(successBucket(successes, runs)).toBe(bucket);
  });
});

describe("success trend: last 7 days against the days before", () => {
  const of = (successes: number, invocations: number) => ({ successes, invocations });
  it("is improving at exactly +2 points and stable just below", () => {
    expect(successTrend(of(51, 100), of(49, 100)).direction).toBe("improving");
    // 0.59 − 0.57 is 0.01999… in floating point; the rule is exact.
    expect(successTrend(of(59, 100), of(57, 100)).direction).toBe("improving");
    expect(successTrend(of(50, 100), of(49, 100)).direction).toBe("stable");
    expect(successTrend(of(501, 1000), of(49, 100)).deltaPoints).toBeCloseTo(1.1);
  });

  it("is declining at exactly −2 points and stable just above", () => {
    expect(successTrend(of(47, 100), of(49, 100)).direction).toBe("declining");
    expect(successTrend(of(48, 100), of(49, 100)).direction).toBe("stable");
  });

  it("needs 10 runs in each period", () => {
    expect(successTrend(of(9, 9), of(0, 10)).direction).toBe("insufficient-data");
    expect(successTrend(of(10, 10), of(0, 9)).direction).toBe("insufficient-data");
    expect(successTrend(of(10, 10), of(0, 10)).direction).toBe("improving");
    expect(
      successTrend(of(0, 0), of(0, 0), { recentDays: 7, minSamples: 0, thresholdPoints: 2 }).direction,
    ).toBe("insufficient-data");
  });
});
