import { daysInMonth, LOCAL_TIME_ZONE, localTime, parseDayRange } from "./dates.js";
import { VextrusCostError } from "./errors.js";

/** Calendar days, both ends included, as `YYYY-MM-DD`. */
export interface DayPeriod {
  since: string;
  until: string;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");
const isoDay = (utc: Date) => utc.toISOString().slice(0, 10);

/** `2026-11` → its first and last day. Anything else is one error naming `field` and the format. */
export function monthPeriod(text: string, field = "month"): DayPeriod {
  const match = /^(\d{4})-?(\d{2})$/.exec(text.trim());
  const month = match ? Number(match[2]) : 0;
  if (!match || month < 1 || month > 12)
    throw new VextrusCostError(
      "DATE_INVALID",
      `${field}: expected a month as YYYY-MM (2026-11), got "${text}"${match ? ` (there is no month ${month})` : ""}`,
    );
  const year = Number(match[1]);
  return {
    since: `${match[1]}-${match[2]}-01`,
    until: `${match[1]}-${match[2]}-${pad(daysInMonth(year, month))}`,
  };
}

/** Monday of ISO week 1: the week holding the year's first Thursday (ISO 8601), i.e. the one holding 4 January. */
function isoWeekOneMonday(year: number): Date {
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const weekday = (jan4.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return new Date(Date.UTC(year, 0, 4 - weekday));
}

/** 52 or 53: a year has 53 ISO weeks when it starts on a Thursday, or on a Wednesday in a leap year. */
export function isoWeeksInYear(year: number): number {
  const next = isoWeekOneMonday(year + 1).getTime();
  return Math.round((next - isoWeekOneMonday(year).getTime()) / (7 * 86_400_000));
}

/** `2026-W05` (ISO 8601 week: Monday to Sunday) → its seven days. Anything else names `field` and the format. */
export function isoWeekPeriod(text: string, field = "week"): DayPeriod {
  const match = /^(\d{4})-?W(\d{2})$/i.exec(text.trim());
  const format = "expected an ISO week as YYYY-Www (2026-W05)";
  if (!match) throw new VextrusCostError("DATE_INVALID", `${field}: ${format}, got "${text}"`);
  const year = Number(match[1]);
  const week = Number(match[2]);
  const weeks = isoWeeksInYear(year);
  if (week < 1 || week > weeks)
    throw new VextrusCostError(
      "DATE_INVALID",
      `${field}: ${text.trim()} is not a week (${year} has ${weeks} ISO weeks); ${format}`,
    );
  const monday = new Date(isoWeekOneMonday(year).getTime() + (week - 1) * 7 * 86_400_000);
  return { since: isoDay(monday), until: isoDay(new Date(monday.getTime() + 6 * 86_400_000)) };
}

/** The calendar month holding `now` in `timeZone` (an IANA name or `"local"`), as `YYYY-MM`. */
export function monthOf(now: Date, timeZone: string = LOCAL_TIME_ZONE): string {
  const t = localTime(now, timeZone);
  return `${t.year}-${pad(t.month)}`;
}

/** The ISO week holding `now` in `timeZone`, as `YYYY-Www` (its year is the ISO week-year: 2027-01-01 is 2026-W53). */
export function isoWeekOf(now: Date, timeZone: string = LOCAL_TIME_ZONE): string {
  const t = localTime(now, timeZone);
  const day = new Date(Date.UTC(t.year, t.month - 1, t.day));
  // The week's Thursday decides its year.
  const thursday = new Date(day.getTime() + (3 - ((day.getUTCDay() + 6) % 7)) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - isoWeekOneMonday(year).getTime()) / (7 * 86_400_000)) + 1;
  return `${year}-W${pad(week)}`;
}

/** The calendar day of `now` in `timeZone`, as `YYYY-MM-DD`. */
export function dayOf(now: Date, timeZone: string = LOCAL_TIME_ZONE): string {
  const t = localTime(now, timeZone);
  return `${t.year}-${pad(t.month)}-${pad(t.day)}`;
}

/** `day` moved by `days` calendar days (`YYYY-MM-DD` in and out). */
export function addDays(day: string, days: number): string {
  return isoDay(new Date(Date.parse(`${day}T00:00:00.000Z`) + days * 86_400_000));
}

/** Calendar days from `since` to `until`, both included (1 for a single day). */
export function daysBetween(period: DayPeriod): number {
  return Math.round((Date.parse(period.until) - Date.parse(period.since)) / 86_400_000) + 1;
}

export interface PeriodRequest {
  /** `YYYYMMDD` or `YYYY-MM-DD`, as `parseDay` reads them. */
  since?: string | undefined;
  until?: string | undefined;
  /** `YYYY-MM`: that calendar month. */
  month?: string | undefined;
  /** `YYYY-Www`: that ISO week. */
  week?: string | undefined;
  /**
   * The period when none is asked for, and what a lone `until` ends: the calendar month or ISO week holding
   * today (to its last day), or the last `days` days up to today.
   */
  fallback: "month" | "iso-week" | { days: number };
}

export interface ResolvedPeriod extends DayPeriod {
  /** `2026-11` for a month, `2026-W47` for an ISO week, undefined for any other span of days. */
  label?: string;
  /** Whether the period holds today, so a report can say its figures are to date. */
  current: boolean;
}

const FIELD_NAMES = { since: "since", until: "until", month: "month", week: "week" };

/**
 * The days a report covers, in `timeZone`: `month` or `week` alone, or `since`/`until` (either may be missing: a
 * missing `until` is today, a missing `since` is the start of `fallback` ending at `until`), or `fallback` holding
 * today. Mixing the calendar and the day options is an error, so is a window ending before it starts.
 */
export function resolvePeriod(
  request: PeriodRequest,
  context: { now: Date; timeZone?: string; names?: Partial<typeof FIELD_NAMES> },
): ResolvedPeriod {
  const names = { ...FIELD_NAMES, ...context.names };
  const today = dayOf(context.now, context.timeZone);
  const holdsToday = (p: DayPeriod): boolean => p.since <= today && today <= p.until;
  const given = (["month", "week", "since", "until"] as const).filter((k) => request[k] !== undefined);
  const calendar = given.filter((k) => k === "month" || k === "week");
  if (calendar.length > 0 && given.length > 1) {
    const other = given.find((k) => k !== calendar[0]) as keyof typeof FIELD_NAMES;
    throw new VextrusCostError(
      "DATE_INVALID",
      `${names[calendar[0] as "month" | "week"]}: expected alone; it cannot be combined with ${names[other]}`,
    );
  }
  if (request.month !== undefined) {
    const p = monthPeriod(request.month, names.month);
    return { ...p, label: p.since.slice(0, 7), current: holdsToday(p) };
  }
  if (request.week !== undefined) {
    const p = isoWeekPeriod(request.week, names.week);
    return {
      ...p,
      label: request.week
        .trim()
        .toUpperCase()
        .replace(/^(\d{4})-?/, "$1-"),
      current: holdsToday(p),
    };
  }
  const fallbackEnding = (day: string): ResolvedPeriod => {
    const at = new Date(`${day}T12:00:00.000Z`);
    const f = request.fallback;
    if (f === "month")
      return { ...monthPeriod(monthOf(at, "UTC")), label: monthOf(at, "UTC"), current: false };
    if (f === "iso-week") {
      const label = isoWeekOf(at, "UTC");
      return { ...isoWeekPeriod(label), label, current: false };
    }
    return { since: addDays(day, 1 - f.days), until: day, current: false };
  };
  if (request.since === undefined && request.until === undefined) {
    const p = fallbackEnding(today);
    return { ...p, current: true };
  }
  const range = parseDayRange(
    { since: request.since, until: request.until },
    { since: names.since, until: names.until },
  );
  if (range.since !== undefined && range.until === undefined && range.since > today)
    throw new VextrusCostError(
      "DATE_INVALID",
      `${names.since} ${request.since} is after today (${today}): expected a day on or before today, or an ${names.until}`,
    );
  const until = range.until ?? today;
  const since = range.since ?? fallbackEnding(until).since;
  const p = { since, until };
  return { ...p, current: holdsToday(p) };
}
