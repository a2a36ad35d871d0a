import { existsSync, readlinkSync } from "node:fs";
import { join } from "node:path";

// The system's time zone without asking Intl first: the first Intl.DateTimeFormat of a process loads ICU's locale
// data (~20-35 ms), which a statusline or a hook pays on every run. The name comes from where the C library itself
// reads it (docs/rollups.md, "Time zone"): the `TZ` variable, else the target of the `/etc/localtime` symlink.

/** Where a name can be checked against the system's zone files; TZDIR first, as the C library reads it. */
const ZONEINFO_DIRS = ["/usr/share/zoneinfo", "/usr/lib/zoneinfo", "/usr/share/lib/zoneinfo"];

/** An IANA zone name: letters, digits, `_+-`, parts joined by `/` (no `..`, no POSIX rule such as `CET-1CEST,M3.5.0`). */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;

export interface TimezoneSources {
  env?: Readonly<Record<string, string | undefined>>;
  /** Reads a symlink's target (default fs.readlinkSync); throws when the path is no symlink. */
  readlink?: (path: string) => string;
  /** Whether a path exists (default fs.existsSync). */
  exists?: (path: string) => boolean;
  /** The last resort (default Intl's resolved zone). */
  intl?: () => string;
}

function intlZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/** `Europe/Berlin` from `/usr/share/zoneinfo/Europe/Berlin`, `../usr/share/zoneinfo/posix/Europe/Berlin`, macOS's `/var/db/timezone/zoneinfo/Europe/Berlin`. */
export function zoneFromPath(path: string): string | null {
  const at = path.lastIndexOf("zoneinfo/");
  if (at < 0) return null;
  const name = path.slice(at + "zoneinfo/".length).replace(/^(?:posix|right)\//, "");
  return ZONE_NAME.test(name) ? name : null;
}

/**
 * The IANA name of the process's local time zone: `TZ` when it names a zone (`Europe/Berlin`, `:Europe/Berlin`,
 * a path into a zoneinfo folder; empty means UTC, as for the C library), else the zone `/etc/localtime` links to,
 * else Intl's answer (a POSIX rule in `TZ`, a copied rather than linked `/etc/localtime`, no zone files).
 * The name is the one Date's local-time methods use, so a report can read days through them (LOCAL_TIME_ZONE).
 */
export function systemTimezone(sources: TimezoneSources = {}): string {
  const env = sources.env ?? process.env;
  const exists = sources.exists ?? existsSync;
  const intl = sources.intl ?? intlZone;
  const tz = env.TZ;
  if (tz !== undefined) {
    const value = tz.startsWith(":") ? tz.slice(1) : tz;
    if (value === "") return "UTC";
    const name = value.startsWith("/") ? zoneFromPath(value) : ZONE_NAME.test(value) ? value : null;
    if (name === null) return intl();
    // A name only counts when a zone file has it: `JST-9` looks like a name but is a POSIX rule.
    if (name === "UTC" || value.startsWith("/")) return name;
    const dirs = env.TZDIR ? [env.TZDIR, ...ZONEINFO_DIRS] : ZONEINFO_DIRS;
    return dirs.some((dir) => exists(join(dir, name))) ? name : intl();
  }
  try {
    const name = zoneFromPath((sources.readlink ?? readlinkSync)("/etc/localtime"));
    if (name) return name;
  } catch {
    // No symlink (a copied file, no file at all): Intl reads what the C library would.
  }
  return intl();
}
