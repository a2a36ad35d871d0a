import { VextrusTeamError } from "./errors.js";
import type { TeamGrouping, TeamQuery } from "./ledger.js";

/** Groupings the hourly rollup can answer (it has no session or project column). */
const FROM_ROLLUP: ReadonlySet<TeamGrouping> = new Set([
  "day",
  "week",
  "month",
  "model",
  "agent",
  "user",
  "machine",
]);

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A UTC instant `days` after midnight UTC of `day`: a coarse window the ts index can use before the exact test. */
function shifted(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + days * 86_400_000).toISOString();
}

/**
 * The SQL of a team report: one row per group and model (and member when asked), every sum done by the server.
 * Totals by day, week, month, model, agent, user or machine come from the hourly rollup; sessions, projects and a
 * project filter from the requests.
 *
 * A rollup bucket (an hour) that holds a local midnight of the report's zone (India's 18:30 UTC, or any hour when
 * the server's own zone put the buckets off the UTC hour) cannot be split between its two local days: its requests
 * are read instead, by the `ts` index, an hour each. In a zone whose offset is a whole number of hours no bucket
 * holds one, and the report reads the rollup alone.
 */
export function teamReportSql(query: TeamQuery): { text: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const rollup = FROM_ROLLUP.has(query.groupBy) && query.project === undefined;
  const time = rollup ? "t" : "ts";
  // The zone is a parameter only when a statement uses it (PostgreSQL cannot type an unused one).
  let zone: string | undefined;
  const z = () => {
    if (zone === undefined) zone = p(query.timezone);
    return zone;
  };
  const local = (column = time) => `(${column} AT TIME ZONE ${z()})`;
  const weekStart = query.startOfWeek ?? 0;
  if (!Number.isInteger(weekStart) || weekStart < 0 || weekStart > 6)
    throw new VextrusTeamError(
      "CONFIG_INVALID",
      `startOfWeek: expected 0 (Sunday) to 6 (Saturday), got ${weekStart}`,
    );
  // Each key at an instant `c` (the row's time, or a rollup bucket's first or last instant).
  const keys: Record<TeamGrouping, (c: string) => string> = {
    day: (c) => `to_char(${local(c)}, 'YYYY-MM-DD')`,
    // Keyed by the date the week starts on, as the local weekly report.
    week: (c) =>
      `to_char(${local(c)}::date - ((extract(dow FROM ${local(c)})::int - ${Number(weekStart)} + 7) % 7), 'YYYY-MM-DD')`,
    month: (c) => `to_char(${local(c)}, 'YYYY-MM')`,
    session: () => "session_id",
    project: () => "project",
    model: () => "model",
    agent: () => "agent",
    user: () => "user_name",
    machine: () => "machine",
  };
  const timed = query.groupBy === "day" || query.groupBy === "week" || query.groupBy === "month";
  const key = keys[query.groupBy](time);
  checkDays(query);
  // A coarse window in UTC the indexes can use (a day wider each side), then the exact one in local days.
  const coarse = (column: string) => {
    const out: string[] = [];
    if (query.since !== undefined) out.push(`${column} >= ${p(shifted(query.since, -1))}::timestamptz`);
    if (query.until !== undefined) out.push(`${column} < ${p(shifted(query.until, 2))}::timestamptz`);
    return out;
  };
  const where: string[] = rollup ? [] : coarse("ts");
  const since = query.since === undefined ? undefined : p(query.since);
  const until = query.until === undefined ? undefined : p(query.until);
  // Whether the local day at instant `c` is in the window (each side only when asked).
  const inDays = (c: string) =>
    [
      ...(since === undefined ? [] : [`${local(c)}::date >= ${since}::date`]),
      ...(until === undefined ? [] : [`${local(c)}::date <= ${until}::date`]),
    ].join(" AND ");
  if (since !== undefined || until !== undefined) where.push(inDays(time));
  if (query.user !== undefined) where.push(`user_name = ${p(query.user)}`);
  if (query.machine !== undefined) where.push(`machine = ${p(query.machine)}`);
  if (query.project !== undefined) where.push(`strpos(lower(project), lower(${p(query.project)})) > 0`);
  const member = query.byMember ? "user_name, machine" : "NULL::text AS user_name, NULL::text AS machine";
  const memberGroup = query.byMember ? ", user_name, machine" : "";
  const sums = rollup
    ? `sum(requests)::int8 AS requests, sum(unpriced)::int8 AS unpriced, sum(input)::text AS input,
       sum(output)::text AS output, sum(cache_write_5m)::text AS cache_write_5m,
       sum(cache_write_1h)::text AS cache_write_1h, sum(cache_read)::text AS cache_read,
       sum(cost_pico)::text AS cost_pico, min(first) AS first, max(last) AS last`
    : `count(*)::int8 AS requests, count(*) FILTER (WHERE cost_pico IS NULL)::int8 AS unpriced,
       sum(input)::text AS input, sum(output)::text AS output, sum(cache_write_5m)::text AS cache_write_5m,
       sum(cache_write_1h)::text AS cache_write_1h, sum(cache_read)::text AS cache_read,
       coalesce(sum(cost_pico), 0)::text AS cost_pico, min(ts) AS first, max(ts) AS last`;
  let from = "vextrus_requests";
  if (rollup) {
    const window = coarse("hour");
    const inWindow = window.length > 0 ? `${window.join(" AND ")} AND ` : "";
    // A bucket must be split when its first and last instants fall in different groups, or one in the window and
    // the other not: a month's report splits the hours that hold a month's first midnight, a day's every midnight.
    const end = "(hour + interval '1 hour' - interval '1 microsecond')";
    const differ = [
      ...(timed ? [`${keys[query.groupBy]("hour")} <> ${keys[query.groupBy](end)}`] : []),
      ...(since !== undefined || until !== undefined ? [`(${inDays("hour")}) <> (${inDays(end)})`] : []),
    ];
    const splits = differ.length > 0 ? `(${differ.join(" OR ")})` : "false";
    const cols = "user_name, machine, model, agent";
    from = `(
  SELECT hour AS t, ${cols}, requests, unpriced, input, output, cache_write_5m, cache_write_1h, cache_read,
    cost_pico, hour AS first, hour AS last
  FROM vextrus_hourly WHERE ${inWindow}NOT (${splits})
  UNION ALL
  SELECT r.* FROM (SELECT DISTINCT hour FROM vextrus_hourly WHERE ${inWindow}${splits}) AS s
  -- One ts index range per hour: OFFSET 0 keeps the planner from merging this into the outer query, where it
  -- would rather scan every request of the window
  CROSS JOIN LATERAL (
    SELECT ts, ${cols}, 1, (cost_pico IS NULL)::int, input, output, cache_write_5m, cache_write_1h, cache_read,
      coalesce(cost_pico, 0), ts, ts
    FROM vextrus_requests WHERE ts >= s.hour AND ts < s.hour + interval '1 hour'
    OFFSET 0
  ) AS r
) AS src`;
  }
  const text = `SELECT ${key} AS key, model, ${member}, ${sums}
FROM ${from}
${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
GROUP BY 1, model${memberGroup}
${rollup ? "HAVING sum(requests) > 0" : ""}
ORDER BY 1, model${memberGroup}`;
  return { text, params };
}

/** A team savings or runs report's filters: local days in `timezone`, who and where. */
export type TeamSavingsQuery = Pick<
  TeamQuery,
  "timezone" | "since" | "until" | "user" | "machine" | "project"
>;

/**
 * The WHERE of a report over a table with a `ts`-like `column`, user, machine and project: the local days asked
 * (a coarse UTC window the column's index can use, then the exact local days), who and where.
 */
function filters(query: TeamSavingsQuery, column: string, p: (value: unknown) => string): string {
  const where: string[] = [];
  let zone: string | undefined;
  const local = () => {
    if (zone === undefined) zone = p(query.timezone);
    return `(${column} AT TIME ZONE ${zone})`;
  };
  checkDays(query);
  if (query.since !== undefined) {
    where.push(`${column} >= ${p(shifted(query.since, -1))}::timestamptz`);
    where.push(`${local()}::date >= ${p(query.since)}::date`);
  }
  if (query.until !== undefined) {
    where.push(`${column} < ${p(shifted(query.until, 2))}::timestamptz`);
    where.push(`${local()}::date <= ${p(query.until)}::date`);
  }
  if (query.user !== undefined) where.push(`user_name = ${p(query.user)}`);
  if (query.machine !== undefined) where.push(`machine = ${p(query.machine)}`);
  if (query.project !== undefined) where.push(`strpos(lower(project), lower(${p(query.project)})) > 0`);
  return where.length > 0 ? `WHERE ${where.join(" AND ")}` : "";
}

function parameters() {
  const params: unknown[] = [];
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  return { params, p };
}

/**
 * The SQL of the team's realised savings by kind (cache, routing): runs, pico-dollars and milliseconds saved, summed
 * by the server over every machine's savings whose local day (in the query's zone) is in the window.
 */
export function teamSavingsSql(query: TeamSavingsQuery): { text: string; params: unknown[] } {
  const { params, p } = parameters();
  const text = `SELECT kind, count(*)::int8 AS runs, coalesce(sum(saved_pico), 0)::text AS saved_pico,
  coalesce(sum(saved_ms), 0)::text AS saved_ms
FROM vextrus_savings
${filters(query, "ts", p)}
GROUP BY kind
ORDER BY kind`;
  return { text, params };
}

/**
 * The SQL of every machine's subagent runs by type, for the runs started on the query's local days: how many, their
 * requests, cost (pico-dollars; runs with an unpriced model counted apart), time (ms), how many ended in an error or
 * were interrupted, and how many ran in the background. Dearest first.
 */
export function teamAgentRunsSql(query: TeamSavingsQuery): { text: string; params: unknown[] } {
  const { params, p } = parameters();
  const text = `SELECT agent_type, count(*)::int8 AS runs, coalesce(sum(requests), 0)::int8 AS requests,
  coalesce(sum(cost_pico), 0)::text AS cost_pico, count(*) FILTER (WHERE unpriced)::int8 AS unpriced,
  coalesce(sum(extract(epoch FROM ended - started) * 1000), 0)::int8 AS duration_ms,
  count(*) FILTER (WHERE status IN ('error', 'interrupted'))::int8 AS failed,
  count(*) FILTER (WHERE background)::int8 AS background
FROM vextrus_agent_runs
${filters(query, "started", p)}
GROUP BY agent_type
ORDER BY sum(cost_pico) DESC, agent_type`;
  return { text, params };
}

/** `since` and `until` are local days as YYYY-MM-DD, or a clear error naming the field. */
function checkDays(query: { since?: string | undefined; until?: string | undefined }): void {
  for (const [day, name] of [
    [query.since, "since"],
    [query.until, "until"],
  ] as const) {
    if (day !== undefined && !DAY.test(day))
      throw new VextrusTeamError(
        "CONFIG_INVALID",
        `${name}: expected a day as YYYY-MM-DD, got ${JSON.stringify(day)}`,
      );
  }
}
