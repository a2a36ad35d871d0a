import { afterEach, describe, expect, it } from "vitest";
import { dayKeyFunction, LOCAL_TIME_ZONE, localTime } from "./dates.js";

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
