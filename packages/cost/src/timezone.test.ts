import { mkdirSync, mkdtempSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { systemTimezone, zoneFromPath } from "./timezone.js";

// A zoneinfo folder of our own (TZDIR), so the tests do not depend on the machine's tzdata.
const root = mkdtempSync(join(tmpdir(), "vextrus-tz-"));
const zoneinfo = join(root, "share", "zoneinfo");
for (const name of ["Europe/Berlin", "Asia/Kolkata", "EST5EDT"]) {
  mkdirSync(join(zoneinfo, name, ".."), { recursive: true });
  writeFileSync(join(zoneinfo, name), "TZif");
}
afterAll(() => rmSync(root, { recursive: true, force: true }));

const noIntl = () => {
  throw new Error("Intl was asked");
};
const noLink = () => {
  throw new Error("not a symlink");
};
const onlyTzdir = (path: string) => path.startsWith(zoneinfo) && !!readlinkOr(path);
function readlinkOr(path: string): boolean {
  try {
    readlinkSync(path);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EINVAL"; // exists, not a link
  }
}

describe("systemTimezone", () => {
  it("takes TZ when it names a zone with a zone file, with or without the leading colon", () => {
    const env = { TZ: "Asia/Kolkata", TZDIR: zoneinfo };
    expect(systemTimezone({ env, exists: onlyTzdir, intl: noIntl, readlink: noLink })).toBe("Asia/Kolkata");
    const colon = { TZ: ":Europe/Berlin", TZDIR: zoneinfo };
    expect(systemTimezone({ env: colon, exists: onlyTzdir, intl: noIntl, readlink: noLink })).toBe(
      "Europe/Berlin",
    );
    const legacy = { TZ: "EST5EDT", TZDIR: zoneinfo };
    expect(systemTimezone({ env: legacy, exists: onlyTzdir, intl: noIntl, readlink: noLink })).toBe(
      "EST5EDT",
    );
  });

  it("reads an empty TZ as UTC, and a TZ path into a zoneinfo folder as the zone it names", () => {
    expect(systemTimezone({ env: { TZ: "" }, intl: noIntl, readlink: noLink })).toBe("UTC");
    const path = { TZ: `:${join(zoneinfo, "Europe/Berlin")}` };
    expect(systemTimezone({ env: path, intl: noIntl, readlink: noLink })).toBe("Europe/Berlin");
  });

  it("asks Intl when TZ is a POSIX rule or a name no zone file has", () => {
    const intl = () => "Asia/Tokyo";
    for (const TZ of ["JST-9", "CET-1CEST,M3.5.0,M10.5.0/3", "Mars/Olympus_Mons", "../etc/passwd"]) {
      expect(
        systemTimezone({ env: { TZ, TZDIR: zoneinfo }, exists: onlyTzdir, intl, readlink: noLink }),
        TZ,
      ).toBe("Asia/Tokyo");
    }
  });

  it("without TZ, follows the /etc/localtime symlink (a real link in a temp folder)", () => {
    const link = join(root, "localtime");
    symlinkSync(join(zoneinfo, "posix", "..", "Europe", "Berlin"), link);
    const readlink = (path: string) => {
      expect(path).toBe("/etc/localtime");
      return readlinkSync(link);
    };
    expect(systemTimezone({ env: {}, readlink, intl: noIntl })).toBe("Europe/Berlin");
    // A copied file is no link: only Intl can tell.
    expect(systemTimezone({ env: {}, readlink: noLink, intl: () => "America/Denver" })).toBe(
      "America/Denver",
    );
  });

  it("takes the zone from the paths Linux and macOS link to", () => {
    expect(zoneFromPath("/usr/share/zoneinfo/America/Argentina/Buenos_Aires")).toBe(
      "America/Argentina/Buenos_Aires",
    );
    expect(zoneFromPath("../usr/share/zoneinfo/posix/Europe/Berlin")).toBe("Europe/Berlin");
    expect(zoneFromPath("/var/db/timezone/zoneinfo/Asia/Kolkata")).toBe("Asia/Kolkata");
    expect(zoneFromPath("/etc/some-file")).toBeNull();
  });

  it("on this machine, names the zone Date's local-time methods use", () => {
    const name = systemTimezone();
    const day = new Intl.DateTimeFormat("en-CA", { timeZone: name, dateStyle: "short" });
    for (let i = 0; i < 400; i++) {
      const d = new Date(Date.UTC(2026, 0, 1) + i * 22 * 3_600_000);
      const local = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
      expect(local).toBe(day.format(d));
    }
  });
});
