import { VextrusCostError } from "./errors.js";

/**
 * Money is counted in integer pico-dollars (1e-12 USD). The smallest catalog price, $0.01 per million tokens,
 * is 10,000 pico-dollars a token, and the US-region multiplier 1.1 still leaves an integer, so every cost is
 * exact. 2^53 pico is only about $9,007, which one long agent run or a team's month passes, so every amount,
 * a single record's as well as a total, is a `bigint`: one type, never a float, never a sum that loses digits.
 */
export type Pico = bigint;

export const PICO_PER_USD: Pico = 1_000_000_000_000n;

/** Pico-dollars per token for a price quoted in USD per million tokens, e.g. "3.75" → 3_750_000. */
export function perMillionToPicoPerToken(usdPerMillion: string | number, field = "price"): number {
  const text = typeof usdPerMillion === "number" ? String(usdPerMillion) : usdPerMillion.trim();
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) {
    throw new VextrusCostError(
      "PRICE_INVALID",
      `${field}: expected a non-negative decimal price in USD per million tokens, got ${JSON.stringify(usdPerMillion)}`,
    );
  }
  const whole = match[1] ?? "0";
  const fraction = (match[2] ?? "").replace(/0+$/, "");
  // 1 USD per million tokens = 1e6 pico per token; the 1.1 region multiplier needs one more digit to stay exact.
  if (fraction.length > 5) {
    throw new VextrusCostError(
      "PRICE_INVALID",
      `${field}: at most 5 decimal places are supported (got ${text}); round the price to $0.00001 per million tokens`,
    );
  }
  const value = Number(whole) * 1_000_000 + Number(fraction.padEnd(6, "0"));
  if (!Number.isSafeInteger(value)) {
    throw new VextrusCostError("PRICE_INVALID", `${field}: price ${text} is too large`);
  }
  return value;
}

/** Formats pico-dollars as USD with `digits` decimals, rounding half away from zero. */
export function formatUsd(pico: Pico, digits = 2): string {
  const value = pico;
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const unit = 10n ** BigInt(12 - digits);
  const rounded = (abs + unit / 2n) / unit;
  const scale = 10n ** BigInt(digits);
  const whole = (rounded / scale).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const frac = digits > 0 ? `.${(rounded % scale).toString().padStart(digits, "0")}` : "";
  return `${negative ? "-" : ""}$${whole}${frac}`;
}

/** Pico-dollars as a JavaScript number of USD, for JSON output and charts (not for further sums). */
export function picoToUsd(pico: Pico): number {
  const value = pico;
  const whole = value / PICO_PER_USD;
  const rest = value % PICO_PER_USD;
  return Number(whole) + Number(rest) / 1e12;
}

/** USD (as in a config file) to pico-dollars, exact to the cent and beyond. */
export function usdToPico(usd: number | string, field = "amount"): Pico {
  const text = typeof usd === "number" ? usd.toFixed(6) : usd.trim();
  const match = /^(\d+)(?:\.(\d{0,12}))?\d*$/.exec(text);
  if (!match) throw new VextrusCostError("AMOUNT_INVALID", `${field}: expected a non-negative amount in USD`);
  return BigInt(match[1] ?? "0") * PICO_PER_USD + BigInt((match[2] ?? "").padEnd(12, "0"));
}
