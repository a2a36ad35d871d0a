import { afterEach, describe, expect, it } from "vitest";
import { dayKeyFunction, LOCAL_TIME_ZONE, localTime, parseDayRange } from "./dates.js";
import { VextrusCostError } from "./errors.js";

const saved = process.env.TZ;
afterEach(() => {
  if (saved === undefined) delete process.env.TZ;
  else process.env.TZ = saved;
});

// Every 113 minutes across 2026, so DST changes, month ends and odd offsets are all crossed.
const instants = Array.from({ length: 4_660 }, (_, i) => new Date(Date.UTC(2026, 0, 1) + i * 113 * 60_000));

describe('the "local" time zone', () => {
  for (const zone of ["America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Lord_Howe", "UTC"]) {
    it(`gives the same days and wall-clock times as ${zone} when the process runs in it`, () => {
      process.env.TZ = zone; // Node re-reads the zone when TZ is assigned
      const local = dayKeyFunction(LOCAL_TIME_ZONE);
      const named = dayKeyFunction(zone);
      for (const instant of instants) {
        const iso = instant.toISOString();
        expect(local(iso), iso).toBe(named(iso));
        expect(localTime(instant, LOCAL_TIME_ZONE), iso).toEqual(localTime(instant, zone));
      }
    });
  }
});

describe("parseDayRange", () => {
  it("reads both ends and lets either be absent", () => {
    expect(parseDayRange({ since: "20260201", until: "2026-02-28" })).toEqual({
      since: "2026-02-01",
      until: "2026-02-28",
    });
    expect(parseDayRange({ until: "20260228" })).toEqual({ until: "2026-02-28" });
    expect(parseDayRange({})).toEqual({});
    expect(parseDayRange({ since: "20260228", until: "20260228" })).toEqual({
      since: "2026-02-28",
      until: "2026-02-28",
    });
  });

  it("refuses a day that does not exist, naming the field as the caller spells it", () => {
    expect(() => parseDayRange({ since: "20260230" }, { since: "--since", until: "--until" })).toThrow(
      "--since: 20260230 is not a date (February 2026 has 28 days); expected YYYYMMDD",
    );
  });

  it("says why a day does not exist, leap years included", () => {
    expect(parseDayRange({ since: "20280229" })).toEqual({ since: "2028-02-29" });
    expect(() => parseDayRange({ since: "20270229" })).toThrow(
      "since: 20270229 is not a date (February 2027 has 28 days); expected YYYYMMDD",
    );
    expect(() => parseDayRange({ until: "2026-11-31" })).toThrow("November 2026 has 30 days");
    expect(() => parseDayRange({ until: "20260001" })).toThrow("there is no month 0");
    expect(() => parseDayRange({ until: "2026-1-1" })).toThrow(
      'until: expected a date as YYYYMMDD, got "2026-1-1"',
    );
  });

  it("refuses a window that ends before it starts, naming both ends", () => {
    let error: unknown;
    try {
      parseDayRange({ since: "20261130", until: "20261101" }, { since: "--since", until: "--until" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(VextrusCostError);
    expect((error as VextrusCostError).code).toBe("DATE_INVALID");
    expect((error as Error).message).toContain(
      "--since 20261130 is after --until 20261101: expected --since on or before --until",
    );
  });
});
