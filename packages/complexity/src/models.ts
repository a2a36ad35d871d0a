import { VextrusComplexityError } from "./errors.js";

/** The Claude model a task needs, cheapest first. */
export type ModelTier = "haiku" | "haiku-with-sonnet-review" | "sonnet" | "opus";

/**
 * Lowest score of each tier above haiku: a score below `haiku` gets haiku, below `haikuWithSonnetReview` gets
 * haiku with a sonnet review, then sonnet; opus only when `sonnet` is set (scores at or above it). Thresholds may
 * be equal, which leaves the tier between them empty (`{ haiku: 40, haikuWithSonnetReview: 40 }`: no reviewed tier).
 */
export interface ModelThresholds {
  readonly haiku: number;
  readonly haikuWithSonnetReview: number;
  readonly sonnet?: number;
}

export const DEFAULT_MODEL_THRESHOLDS: ModelThresholds = Object.freeze({
  haiku: 30,
  haikuWithSonnetReview: 60,
});

export type ThresholdField = keyof ModelThresholds;
const ORDER: readonly ThresholdField[] = ["haiku", "haikuWithSonnetReview", "sonnet"];

function show(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

/**
 * Problems with thresholds, each naming `prefix.<name>`. When a pair is out of order, the field the user set is
 * blamed (`given`), so a config that only raises `haiku` to 70 is told about `haiku`, not the default it crossed.
 */
export function thresholdErrors(
  thresholds: Readonly<Partial<Record<ThresholdField, unknown>>>,
  prefix: string,
  names: Readonly<Record<ThresholdField, string>>,
  given?: ReadonlySet<ThresholdField>,
): string[] {
  const errors: string[] = [];
  const values = new Map<ThresholdField, number>();
  for (const field of ORDER) {
    const value = thresholds[field];
    if (field === "sonnet" && value === undefined) continue;
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > 100)
      errors.push(`${prefix}.${names[field]}: expected a score from 0 to 100, got ${show(value)}`);
    else values.set(field, value);
  }
  if (errors.length > 0) return errors;
  const order = `thresholds must not decrease: ${ORDER.map((f) => names[f]).join(" ≤ ")}`;
  for (const [index, low] of ORDER.entries()) {
    const high = ORDER[index + 1];
    const lowValue = values.get(low);
    const highValue = high === undefined ? undefined : values.get(high);
    if (high === undefined || lowValue === undefined || highValue === undefined || lowValue <= highValue)
      continue;
    if (given !== undefined && !given.has(high))
      errors.push(
        `${prefix}.${names[low]}: expected at most ${names[high]} (${highValue}), got ${lowValue}; ${order}`,
      );
    else
      errors.push(
        `${prefix}.${names[high]}: expected at least ${names[low]} (${lowValue}), got ${highValue}; ${order}`,
      );
  }
  return errors;
}

const API_NAMES: Readonly<Record<ThresholdField, string>> = {
  haiku: "haiku",
  haikuWithSonnetReview: "haikuWithSonnetReview",
  sonnet: "sonnet",
};

/** The model tier for a score; monotone: a higher score never gets a cheaper tier. */
export function selectModel(
  score: number,
  thresholds: ModelThresholds = DEFAULT_MODEL_THRESHOLDS,
): ModelTier {
  if (typeof score !== "number" || Number.isNaN(score))
    throw new VextrusComplexityError("SCORE_INVALID", `score: expected a number, got ${show(score)}`);
  const errors = thresholdErrors(thresholds, "thresholds", API_NAMES);
  if (errors.length > 0) throw new VextrusComplexityError("THRESHOLDS_INVALID", errors.join("; "));
  if (score < thresholds.haiku) return "haiku";
  if (score < thresholds.haikuWithSonnetReview) return "haiku-with-sonnet-review";
  if (thresholds.sonnet === undefined || score < thresholds.sonnet) return "sonnet";
  return "opus";
}
