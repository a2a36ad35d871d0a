import { VextrusCostError } from "./errors.js";

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** `20261125` or `2026-11-25` → `2026-11-25`; anything else is an error naming the option. */
export function parseDay(text: string, field: string): string {
  const match = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(text.trim());
  const [y, m, d] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  if (!match)
    throw new VextrusCostError("DATE_INVALID", `${field}: expected a date as YYYYMMDD, got "${text}"`);
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) {
    const why =
      m < 1 || m > 12 ? `there is no month ${m}` : `${MONTHS[m - 1]} ${y} has ${daysInMonth(y, m)} days`;
    throw new VextrusCostError(
      "DATE_INVALID",
      `${field}: ${text.trim()} is not a date (${why}); expected YYYYMMDD`,
    );
  }
  return `${match[1]}-${match[2]}-${match[3]}`;
}

/**
 * A window of days from `since` and `until` (each optional, as `parseDay` reads them); a window that ends before it
 * starts is an error naming both, since it could only ever select nothing. `names` are how the caller spells the
 * two fields in its messages (`--since`, `since`).
 */
export function parseDayRange(
  range: { since?: string | undefined; until?: string | undefined },
  names: { since: string; until: string } = { since: "since", until: "until" },
): { since?: string; until?: string } {
  const since = range.since ? parseDay(range.since, names.since) : undefined;
  const until = range.until ? parseDay(range.until, names.until) : undefined;
  if (since !== undefined && until !== undefined && since > until)
    throw new VextrusCostError(
      "DATE_INVALID",
      `${names.since} ${range.since} is after ${names.until} ${range.until}: expected ${names.since} on or before ${names.until}`,
    );
  return { ...(since !== undefined && { since }), ...(until !== undefined && { until }) };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** Wall-clock parts to the minute in `timeZone`; an unknown zone is a DATE_INVALID error that names the fix. */
export function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
  } catch (cause) {
    throw new VextrusCostError(
      "DATE_INVALID",
      `timezone: unknown time zone "${timeZone}"; use an IANA name such as "UTC" or "Europe/Berlin"`,
      { cause },
    );
  }
}

/**
 * The process's own time zone (what `TZ` or the system says), read through `Date`'s local-time methods. Same days
 * as its IANA name, without Intl: the first Intl formatter of a process costs ~12 ms, which a hook pays at start.
 */
export const LOCAL_TIME_ZONE = "local";

const pad = (n: number) => String(n).padStart(2, "0");

/** The calendar day (`YYYY-MM-DD`) of an instant in the process's own time zone. */
export const localDay = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** Wall-clock parts of an instant in a time zone (an IANA name, or `"local"`). */
export function localTime(instant: Date, timeZone: string): LocalTime {
  if (timeZone === LOCAL_TIME_ZONE)
    return {
      year: instant.getFullYear(),
      month: instant.getMonth() + 1,
      day: instant.getDate(),
      hour: instant.getHours(),
      minute: instant.getMinutes(),
    };
  const parts: Record<string, number> = {};
  for (const p of zoneFormatter(timeZone).formatToParts(instant))
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
  };
}

/**
 * A function from ISO timestamp to its calendar day (`YYYY-MM-DD`) in `timeZone`. Memoised per minute, since
 * a report looks up tens of thousands of timestamps that share few minutes.
 */
export function dayKeyFunction(timeZone: string): (timestamp: string) => string {
  if (timeZone === "UTC" || timeZone === "Etc/UTC") {
    return (ts) =>
      ts.length >= 20 && ts.endsWith("Z") ? ts.slice(0, 10) : new Date(ts).toISOString().slice(0, 10);
  }
  if (timeZone === LOCAL_TIME_ZONE) {
    return (ts) => localDay(new Date(ts));
  }
  const fmt = zoneFormatter(timeZone);
  const memo = new Map<string, string>();
  return (ts) => {
    const minute = ts.slice(0, 16) + ts.slice(19).replace(/^\.\d+/, "");
    let day = memo.get(minute);
    if (day === undefined) {
      const parts: Record<string, string> = {};
      for (const p of fmt.formatToParts(new Date(ts))) parts[p.type] = p.value;
      day = `${parts.year}-${parts.month}-${parts.day}`;
      memo.set(minute, day);
    }
    return day;
  };
}
