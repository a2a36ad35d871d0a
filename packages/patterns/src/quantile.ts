/**
 * Quantiles by nearest rank: always a value that was observed, never an interpolation, so "median 40 min" is the
 * time some task really took. `q` is in [0, 1]; the values must be non-empty.
 */
export function quantile(values: readonly number[], q: number): number {
  return weightedQuantile(
    values.map((value) => ({ value, weight: 1 })),
    q,
  );
}

/**
 * The smallest value whose cumulative weight reaches `q` of the total weight. Zero-weight values never win unless
 * every weight is zero, in which case the values count equally.
 */
export function weightedQuantile(items: readonly { value: number; weight: number }[], q: number): number {
  const sorted = [...items].sort((a, b) => a.value - b.value);
  let total = sorted.reduce((sum, item) => sum + item.weight, 0);
  const equal = total <= 0;
  if (equal) total = sorted.length;
  const target = Math.min(1, Math.max(0, q)) * total;
  let cumulative = 0;
  for (const item of sorted) {
    const weight = equal ? 1 : item.weight;
    if (weight <= 0) continue;
    cumulative += weight;
    // A small tolerance, so q × total that lands on a boundary is not lost to floating-point error.
    if (cumulative >= target - 1e-9 * total) return item.value;
  }
  const last = sorted.at(-1);
  if (last === undefined) throw new RangeError("weightedQuantile needs at least one value");
  return last.value;
}
