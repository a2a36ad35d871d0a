import { VextrusMetricsError } from "./errors.js";

const DAY_MS = 86_400_000;

export interface MetricsWindow {
  /** Inclusive, midnight UTC of the first day. */
  from: string;
  /** Exclusive, midnight UTC after `now`'s day: the whole of today counts. */
  to: string;
  /** Every UTC day of the window, oldest first. */
  dayKeys: string[];
}

/** The `days` UTC days ending with `now`'s day. */
export function metricsWindow(now: Date, days: number): MetricsWindow {
  if (!Number.isInteger(days) || days < 1)
    throw new VextrusMetricsError("OPTIONS_INVALID", `days: expected a whole number ≥ 1, got ${days}`);
  const time = now.getTime();
  if (Number.isNaN(time)) throw new VextrusMetricsError("OPTIONS_INVALID", "now: expected a valid Date");
  const end = Math.floor(time / DAY_MS) * DAY_MS + DAY_MS;
  const start = end - days * DAY_MS;
  const dayKeys: string[] = [];
  for (let t = start; t < end; t += DAY_MS) dayKeys.push(new Date(t).toISOString().slice(0, 10));
  return { from: new Date(start).toISOString(), to: new Date(end).toISOString(), dayKeys };
}

/** The UTC days from `since` to `until` (`YYYY-MM-DD`, both included). */
export function metricsRange(since: string, until: string): MetricsWindow {
  const start = Date.parse(`${since}T00:00:00.000Z`);
  const end = Date.parse(`${until}T00:00:00.000Z`) + DAY_MS;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(since) || Number.isNaN(start))
    throw new VextrusMetricsError("OPTIONS_INVALID", `since: expected a day as YYYY-MM-DD, got "${since}"`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(until) || Number.isNaN(end))
    throw new VextrusMetricsError("OPTIONS_INVALID", `until: expected a day as YYYY-MM-DD, got "${until}"`);
  if (end <= start)
    throw new VextrusMetricsError("OPTIONS_INVALID", `since ${since} is after until ${until}`);
  const dayKeys: string[] = [];
  for (let t = start; t < end; t += DAY_MS) dayKeys.push(new Date(t).toISOString().slice(0, 10));
  return { from: new Date(start).toISOString(), to: new Date(end).toISOString(), dayKeys };
}
