import type { TeamRow } from "./ledger.js";

/** A team report's line: a group (and member, when the report was split by member) summed over its models. */
export type TeamLine = Omit<TeamRow, "model">;

/**
 * The rows of a team report summed over models: one line per group, or per group and member (user and machine) for
 * a report asked `byMember`, in the order the rows come (the SQL's). What a table or JSON of the report shows.
 */
export function memberLines(rows: readonly TeamRow[]): TeamLine[] {
  const out = new Map<string, TeamLine>();
  for (const r of rows) {
    const id = `${r.key}\u0000${r.user ?? ""}\u0000${r.machine ?? ""}`;
    const line = out.get(id);
    if (!line) {
      const { model: _, ...rest } = r;
      out.set(id, rest);
      continue;
    }
    line.requests += r.requests;
    line.unpricedRequests += r.unpricedRequests;
    line.input += r.input;
    line.output += r.output;
    line.cacheWrite5m += r.cacheWrite5m;
    line.cacheWrite1h += r.cacheWrite1h;
    line.cacheRead += r.cacheRead;
    line.costPico += r.costPico;
    if (r.first < line.first) line.first = r.first;
    if (r.last > line.last) line.last = r.last;
  }
  return [...out.values()];
}
