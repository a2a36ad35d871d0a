import type { ReportData } from "./report-data.js";

const RANK = { high: 0, medium: 1, low: 2 } as const;

/** High priority first; within a priority the bigger saving first, so the list reads as a to-do list. */
export function orderedSuggestions(suggestions: ReportData["suggestions"]): ReportData["suggestions"] {
  return [...suggestions].sort(
    (a, b) =>
      (RANK[a.priority] ?? 3) - (RANK[b.priority] ?? 3) || b.estimatedSavingUsd - a.estimatedSavingUsd,
  );
}
