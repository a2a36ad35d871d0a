import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { VextrusCostError } from "./errors.js";
import {
  daysBetween,
  isoWeekOf,
  isoWeekPeriod,
  isoWeeksInYear,
  monthOf,
  monthPeriod,
  resolvePeriod,
} from "./periods.js";

const message = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(VextrusCostError);
    return (error as VextrusCostError).detail;
  }
  throw new Error("expected an error");
};

describe("monthPeriod", () => {
  it("gives the month's first and last day, leap years included", () => {
    expect(monthPeriod("2026-11")).toEqual({ since: "2026-11-01", until: "2026-11-30" });
    expect(monthPeriod("2028-02")).toEqual({ since: "2028-02-01", until: "2028-02-29" });
    expect(monthPeriod("2026-02")).toEqual({ since: "2026-02-01", until: "2026-02-28" });
  });

  it("names the option and the format when the value is not a month", () => {
    expect(message(() => monthPeriod("2026-13", "--month"))).toBe(
      '--month: expected a month as YYYY-MM (2026-11), got "2026-13" (there is no month 13)',
    );
    expect(message(() => monthPeriod("November", "--month"))).toBe(
      '--month: expected a month as YYYY-MM (2026-11), got "November"',
    );
  });
});

describe("ISO weeks", () => {
  it("starts week 1 on the Monday of the week holding 4 January", () => {
    // 2026-01-01 is a Thursday, so week 1 starts on Monday 2025-12-29.
    expect(isoWeekPeriod("2026-W01")).toEqual({ since: "2025-12-29", until: "2026-01-04" });
    expect(isoWeekPeriod("2026-W48")).toEqual({ since: "2026-11-23", until: "2026-11-29" });
    // 2021-01-01 is a Friday: it belongs to 2020-W53, and week 1 starts on 4 January.
    expect(isoWeekPeriod("2021-W01")).toEqual({ since: "2021-01-04", until: "2021-01-10" });
  });

  it("knows which years have a week 53", () => {
    expect([2020, 2021, 2025, 2026, 2032].map(isoWeeksInYear)).toEqual([53, 52, 52, 53, 53]);
    expect(isoWeekPeriod("2026-W53")).toEqual({ since: "2026-12-28", until: "2027-01-03" });
    expect(message(() => isoWeekPeriod("2025-W53", "--week"))).toBe(
      "--week: 2025-W53 is not a week (2025 has 52 ISO weeks); expected an ISO week as YYYY-Www (2026-W05)",
    );
    expect(message(() => isoWeekPeriod("2026-48", "--week"))).toBe(
      '--week: expected an ISO week as YYYY-Www (2026-W05), got "2026-48"',
    );
  });

  it("names the week a day is in, across year ends", () => {
    expect(isoWeekOf(new Date("2027-01-01T12:00:00Z"), "UTC")).toBe("2026-W53");
    expect(isoWeekOf(new Date("2025-12-30T12:00:00Z"), "UTC")).toBe("2026-W01");
    expect(isoWeekOf(new Date("2026-11-21T12:00:00Z"), "UTC")).toBe("2026-W47");
  });

  it("puts every day in the week isoWeekOf names (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2090, 0, 1) }), (ms) => {
        const now = new Date(ms);
        const day = now.toISOString().slice(0, 10);
        const week = isoWeekPeriod(isoWeekOf(now, "UTC"));
        expect(week.since <= day && day <= week.until).toBe(true);
        expect(daysBetween(week)).toBe(7);
        expect(new Date(`${week.since}T00:00:00Z`).getUTCDay()).toBe(1);
      }),
    );
  });
});

describe("resolvePeriod", () => {
  // Saturday 21 November 2026, 23:30 UTC: already Sunday the 22nd in Berlin, still the 21st in UTC.
  const now = new Date("2026-11-21T23:30:00.000Z");
  const names = { since: "--since", until: "--until", month: "--month", week: "--week" };

  it("defaults to the calendar month or ISO week holding today, in the time zone given", () => {
    expect(resolvePeriod({ fallback: "month" }, { now, timeZone: "UTC" })).toEqual({
      since: "2026-11-01",
      until: "2026-11-30",
      label: "2026-11",
      current: true,
    });
    expect(resolvePeriod({ fallback: "iso-week" }, { now, timeZone: "UTC" })).toMatchObject({
      since: "2026-11-16",
      until: "2026-11-22",
      label: "2026-W47",
    });
    // 1 December 00:30 in Berlin is still 30 November in UTC.
    const edge = new Date("2026-11-30T23:30:00.000Z");
    expect(monthOf(edge, "Europe/Berlin")).toBe("2026-12");
    expect(resolvePeriod({ fallback: "month" }, { now: edge, timeZone: "Europe/Berlin" }).label).toBe(
      "2026-12",
    );
    expect(resolvePeriod({ fallback: { days: 30 } }, { now, timeZone: "Europe/Berlin" })).toEqual({
      since: "2026-10-24",
      until: "2026-11-22",
      current: true,
    });
  });

  it("takes a month, a week, or days; a lone --until ends the fallback period", () => {
    const ctx = { now, timeZone: "UTC", names };
    expect(resolvePeriod({ month: "2026-10", fallback: "month" }, ctx)).toEqual({
      since: "2026-10-01",
      until: "2026-10-31",
      label: "2026-10",
      current: false,
    });
    expect(resolvePeriod({ week: "2026w01", fallback: "iso-week" }, ctx).label).toBe("2026-W01");
    expect(resolvePeriod({ since: "20261001", fallback: "month" }, ctx)).toEqual({
      since: "2026-10-01",
      until: "2026-11-21",
      current: true,
    });
    expect(resolvePeriod({ until: "20261015", fallback: "month" }, ctx)).toMatchObject({
      since: "2026-10-01",
      until: "2026-10-15",
    });
    expect(resolvePeriod({ until: "20261015", fallback: { days: 7 } }, ctx)).toMatchObject({
      since: "2026-10-09",
      until: "2026-10-15",
    });
  });

  it("refuses days that do not exist, windows that end before they start, and mixed options", () => {
    const ctx = { now, timeZone: "UTC", names };
    expect(message(() => resolvePeriod({ since: "20260230", fallback: "month" }, ctx))).toBe(
      "--since: 20260230 is not a date (February 2026 has 28 days); expected YYYYMMDD",
    );
    expect(
      message(() => resolvePeriod({ since: "20261110", until: "20261101", fallback: "month" }, ctx)),
    ).toBe("--since 20261110 is after --until 20261101: expected --since on or before --until");
    expect(message(() => resolvePeriod({ since: "20270101", fallback: "month" }, ctx))).toBe(
      "--since 20270101 is after today (2026-11-21): expected a day on or before today, or an --until",
    );
    expect(
      message(() => resolvePeriod({ month: "2026-10", since: "20261001", fallback: "month" }, ctx)),
    ).toBe("--month: expected alone; it cannot be combined with --since");
    expect(message(() => resolvePeriod({ month: "2026-10", week: "2026-W40", fallback: "month" }, ctx))).toBe(
      "--month: expected alone; it cannot be combined with --week",
    );
  });
});
