import { afterEach } from "vitest";

/** Puts `TZ` back after each test of the calling file: the tests that read days through local time set it. */
export function restoreTzAfterEach(): void {
  const saved = process.env.TZ;
  afterEach(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });
}
