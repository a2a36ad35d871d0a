export type SuccessBucket = "above-95" | "90-95" | "85-90" | "below-85";

/**
 * Success-rate buckets, highest first. An agent falls in the first bucket whose `minPct` its rate reaches;
 * `above-95` alone is strict. So exactly 95% is "90-95", exactly 90% is "90-95", exactly 85% is "85-90".
 */
export const SUCCESS_BUCKETS: readonly { bucket: SuccessBucket; minPct: number; strict: boolean }[] = [
  { bucket: "above-95", minPct: 95, strict: true },
  { bucket: "90-95", minPct: 90, strict: false },
  { bucket: "85-90", minPct: 85, strict: false },
  { bucket: "below-85", minPct: 0, strict: false },
];

/** Compared in integers (successes × 100 against pct × runs), so 19 of 20 is exactly 95%. */
export function successBucket(successes: number, invocations: number): SuccessBucket {
  for (const b of SUCCESS_BUCKETS) {
    const lhs = successes * 100;
    const rhs = b.minPct * invocations;
    if (b.strict ? lhs > rhs : lhs >= rhs) return b.bucket;
  }
  return "below-85";
}
