export type TrendDirection = "improving" | "declining" | "stable" | "insufficient-data";

export interface TrendOptions {
  /** The last this many days of the window are "recent"; the days before them are the baseline. Default 7. */
  recentDays: number;
  /** Each of the two periods needs at least this many invocations. Default 10. */
  minSamples: number;
  /** A change of at least this many percentage points in success rate counts. Default 2. */
  thresholdPoints: number;
}

export const DEFAULT_TREND: TrendOptions = { recentDays: 7, minSamples: 10, thresholdPoints: 2 };

export interface Trend {
  direction: TrendDirection;
  recent: { invocations: number; successes: number };
  baseline: { invocations: number; successes: number };
  /** Recent success rate minus baseline success rate, in percentage points (0 with insufficient data). */
  deltaPoints: number;
}

/**
 * The trend rule: recent success rate minus baseline success rate ≥ +threshold points → improving,
 * ≤ −threshold → declining, else stable; fewer than `minSamples` runs in either period → insufficient-data.
 * The comparison is done in integers, so a delta of exactly 2 points is 2, not 1.9999.
 */
export function successTrend(
  recent: { invocations: number; successes: number },
  baseline: { invocations: number; successes: number },
  options: TrendOptions = DEFAULT_TREND,
): Trend {
  const rn = recent.invocations;
  const bn = baseline.invocations;
  if (rn < options.minSamples || bn < options.minSamples || rn === 0 || bn === 0)
    return { direction: "insufficient-data", recent, baseline, deltaPoints: 0 };
  // delta points = 100 × (rs/rn − bs/bn); scaled by rn × bn to stay exact.
  const scaled = 100 * (recent.successes * bn - baseline.successes * rn);
  const edge = options.thresholdPoints * rn * bn;
  const direction = scaled >= edge ? "improving" : scaled <= -edge ? "declining" : "stable";
  return { direction, recent, baseline, deltaPoints: scaled / (rn * bn) };
}
