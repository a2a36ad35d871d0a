const BARS = "▁▂▃▄▅▆▇█";

/** One character per value, scaled to the largest; zero stays the lowest bar. */
export function sparkline(values: readonly number[]): string {
  const max = Math.max(0, ...values);
  if (max === 0) return BARS[0]?.repeat(values.length) ?? "";
  return values
    .map((v) => BARS[Math.min(BARS.length - 1, Math.round((v / max) * (BARS.length - 1)))])
    .join("");
}
