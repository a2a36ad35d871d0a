import { VextrusCostError } from "./errors.js";

export const WEEK_DAYS = [
  "sunday",
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
] as const;
export type WeekDay = (typeof WEEK_DAYS)[number];

/** ccusage's default, kept so a weekly report lines up with the one users already compare against. */
export const DEFAULT_WEEK_START: WeekDay = "sunday";

/** `monday`, `Mon` or `mon` → `monday`; anything else is an error naming the field and the seven choices. */
export function parseWeekDay(text: string, field: string): WeekDay {
  const t = text.trim().toLowerCase();
  const day = t.length >= 3 ? WEEK_DAYS.find((d) => d.startsWith(t)) : undefined;
  if (!day)
    throw new VextrusCostError(
      "DATE_INVALID",
      `${field}: expected a day of the week (${WEEK_DAYS.join(", ")}), got "${text}"`,
    );
  return day;
}

/**
 * The first day (`YYYY-MM-DD`) of the week holding `day` (`YYYY-MM-DD`), weeks starting on `start`. Calendar
 * arithmetic on the date alone, so a daylight-saving change inside the week cannot move it.
 */
export function weekStartKey(day: string, start: WeekDay = DEFAULT_WEEK_START): string {
  const date = new Date(`${day}T00:00:00Z`);
  const back = (date.getUTCDay() - WEEK_DAYS.indexOf(start) + 7) % 7;
  date.setUTCDate(date.getUTCDate() - back);
  return date.toISOString().slice(0, 10);
}
