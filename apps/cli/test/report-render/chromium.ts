import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Debian's `chromium` package; CI installs it with `apt-get install -y chromium`. */
export const CHROMIUM = "/usr/bin/chromium";

export function chromiumInstalled(): boolean {
  return existsSync(CHROMIUM);
}

/**
 * Headless Chromium on a page, in a throwaway profile. The flags keep it off the network and away from any
 * user state: no sandbox (containers run as root), no GPU, no first-run, sync, update or background traffic.
 */
export function runChromium(url: string, extra: string[]): { stdout: string; stderr: string; ms: number } {
  const profile = mkdtempSync(join(tmpdir(), "vx-chromium-profile-"));
  const started = performance.now();
  try {
    const r = spawnSync(
      CHROMIUM,
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        `--user-data-dir=${profile}`,
        ...extra,
        url,
      ],
      { encoding: "utf8", timeout: 45_000, maxBuffer: 32 * 1024 * 1024 },
    );
    if (r.error) throw r.error;
    if (r.status !== 0) throw new Error(`chromium exited ${r.status ?? r.signal}: ${r.stderr}`);
    return { stdout: r.stdout, stderr: r.stderr, ms: performance.now() - started };
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
