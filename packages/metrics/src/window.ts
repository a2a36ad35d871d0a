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
