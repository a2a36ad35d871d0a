export type RiskLevel = "minimal" | "standard" | "thorough" | "comprehensive";

/** Lowest to highest; each level's gates include the previous level's. */
export const RISK_LEVELS: readonly RiskLevel[] = ["minimal", "standard", "thorough", "comprehensive"];

/** A score below `below` is at `level`; anything from the last `below` up is comprehensive. */
export const LEVEL_THRESHOLDS: readonly { level: RiskLevel; below: number }[] = [
  { level: "minimal", below: 20 },
  { level: "standard", below: 40 },
  { level: "thorough", below: 70 },
];

export function levelForScore(score: number): RiskLevel {
  return LEVEL_THRESHOLDS.find((threshold) => score < threshold.below)?.level ?? "comprehensive";
}
