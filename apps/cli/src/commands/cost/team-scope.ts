// Kept apart from team-insights.ts so the dashboard names the parts without loading the PostgreSQL driver.

/** Which parts of `dashboard --team` and `report --team` come from the team ledger, and which stay local. */
export const TEAM_WIDE_PARTS = [
  "cost by day",
  "cost by model",
  "cost by agent",
  "agent runs",
  "team budget",
  "savings",
] as const;
export const LOCAL_PARTS = [
  "agent trends and success buckets",
  "latency",
  "cache",
  "quality gates",
  "suggestions",
] as const;

/** The line that says plainly what is team-wide and what is local. */
export function teamScopeNote(ledger: string): string {
  return `Team-wide (every machine that synced to ${ledger}): ${TEAM_WIDE_PARTS.join(", ")}. Local to this project on this machine: ${LOCAL_PARTS.join(", ")}.`;
}
