import { LOCAL_TIME_ZONE, localDay, zoneFormatter } from "./dates.js";
import type { HourKey } from "./rollup.js";

// Which local day a UTC hour of rollups belongs to: what lets a report read a group per day instead of its requests.

/** The UTC hour that starts `days` UTC days after `day` (`YYYY-MM-DD`). */
export function shiftDay(day: string, days: number): HourKey {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 13);
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * The local day of every instant of a UTC hour, or null when the hour holds a local midnight or an offset change
 * (its requests are then placed one by one).
 */
export function hourDayFunction(timeZone: string): (hour: HourKey) => string | null {
  if (timeZone === "UTC" || timeZone === "Etc/UTC") return (hour) => (hour === "" ? null : hour.slice(0, 10));
  const wall =
    timeZone === LOCAL_TIME_ZONE
      ? (ms: number) => {
          const d = new Date(ms);
          return { day: localDay(d), offset: -d.getTimezoneOffset() };
        }
      : intlWall(timeZone);
  // A UTC day's offset in minutes when it is the same at the day's start, middle and end (zones change it at most
  // once a day): its hours' local days are then arithmetic, three zone lookups a day instead of two an hour (a
  // year of history is ~8,760 hours, and a lookup through Intl is slow). Null: the hours are looked up one by one.
  const dayOffsets = new Map<string, number | null>();
  const offsetOfDay = (utcDay: string, dayStart: number): number | null => {
    let offset = dayOffsets.get(utcDay);
    if (offset === undefined) {
      const a = wall(dayStart).offset;
      const steady = a === wall(dayStart + DAY_MS / 2).offset && a === wall(dayStart + DAY_MS - 1).offset;
      offset = steady ? a : null;
      dayOffsets.set(utcDay, offset);
    }
    return offset;
  };
  const memo = new Map<HourKey, string | null>();
  return (hour) => {
    let day = memo.get(hour);
    if (day === undefined) {
      const start = Date.parse(`${hour}:00:00.000Z`);
      if (Number.isNaN(start)) day = null;
      else {
        const offset = offsetOfDay(hour.slice(0, 10), Math.floor(start / DAY_MS) * DAY_MS);
        if (offset === null) {
          const a = wall(start);
          const z = wall(start + HOUR_MS - 1);
          day = a.day === z.day && a.offset === z.offset ? a.day : null;
        } else {
          const local = start + offset * 60_000;
          const first = Math.floor(local / DAY_MS);
          day = first === Math.floor((local + HOUR_MS - 1) / DAY_MS) ? isoDay(first * DAY_MS) : null;
        }
      }
      memo.set(hour, day);
    }
    return day;
  };
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function intlWall(timeZone: string): (ms: number) => { day: string; offset: number } {
  const fmt = zoneFormatter(timeZone);
  return (ms) => {
    const p: Record<string, string> = {};
    for (const part of fmt.formatToParts(ms)) p[part.type] = part.value;
    const asUtc = Date.UTC(
      +(p.year ?? 0),
      +(p.month ?? 1) - 1,
      +(p.day ?? 1),
      +(p.hour ?? 0),
      +(p.minute ?? 0),
    );
    return {
      day: `${p.year}-${p.month}-${p.day}`,
      offset: Math.round((asUtc - (ms - (ms % 60_000))) / 60_000),
    };
  };
}
