/**
 * USD to the cent with thousands separators: 1234.5 → "$1,234.50". The product is cleaned to 15 significant
 * digits before rounding so that a JSON float such as 1.005 rounds half-up like the exact pico-dollar amount
 * it came from (`formatUsd` in @vextrus/cost), not down like its binary approximation.
 */
export function formatUsd2(usd: number): string {
  if (!Number.isFinite(usd)) return "n/a";
  const cents = Math.round(Number((Math.abs(usd) * 100).toPrecision(15)));
  const whole = Math.floor(cents / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const frac = String(cents % 100).padStart(2, "0");
  return `${usd < 0 && cents > 0 ? "-" : ""}$${whole}.${frac}`;
}

/** A value that is already a percentage (0..100), like `sharePct`: 42.123 → "42.1%". */
export function formatPercent(pct: number, digits = 1): string {
  if (!Number.isFinite(pct)) return "n/a";
  return `${pct.toFixed(digits)}%`;
}

/** A ratio (0..1), like `hitRate` or `successRate`: 0.875 → "87.5%". */
export function formatRate(rate: number, digits = 1): string {
  return formatPercent(rate * 100, digits);
}

export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return "n/a";
  return n.toLocaleString("en-US");
}

/** 850 → "850 ms", 12_340 → "12.3 s", 125_000 → "2m 05s": gate and agent runs span all three ranges. */
export function formatDurationMs(ms: number): string {
  if (!Number.isFinite(ms)) return "n/a";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const totalSeconds = Math.round(ms / 1000);
  return `${Math.floor(totalSeconds / 60)}m ${String(totalSeconds % 60).padStart(2, "0")}s`;
}
