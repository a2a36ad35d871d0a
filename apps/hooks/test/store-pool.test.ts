import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqliteMetricsStore } from "@vextrus/metrics/node";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createStorePool } from "../src/store-pool.js";
import { invocation, invocations } from "./stores.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "vx-pool-"));
});
afterEach(() => {
  vi.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

const removeDb = (path: string) => {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${path}${suffix}`, { force: true });
};

describe("createStorePool", () => {
  it("hands out one open store per file, and closes them all at the end", async () => {
    const pool = createStorePool();
    const path = join(dir, "metrics.db");
    let opened = 0;
    const open = () => {
      opened += 1;
      return openSqliteMetricsStore(path);
    };
    const a = pool.use(path, open);
    a.addInvocations([invocation("one")]);
    expect(pool.use(path, open)).toBe(a);
    expect(opened).toBe(1);
    await pool.closeAll();
    expect(() => a.invocations()).toThrow();
    // What it wrote is in the file, for any other reader.
    expect(invocations(dir).map((r) => r.id)).toEqual(["one"]);
  });

  it("opens the file anew once it was deleted, so writes reach the file others read", async () => {
    vi.useFakeTimers();
    const pool = createStorePool();
    const path = join(dir, "metrics.db");
    const old = pool.use(path, () => openSqliteMetricsStore(path));
    old.addInvocations([invocation("before")]);
    removeDb(path);
    const fresh = pool.use(path, () => openSqliteMetricsStore(path));
    expect(fresh).not.toBe(old);
    fresh.addInvocations([invocation("after")]);
    expect(invocations(dir).map((r) => r.id)).toEqual(["after"]);
    // An event still holding the old connection can finish with it; it is closed a minute later.
    expect(() => old.invocations()).not.toThrow();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(() => old.invocations()).toThrow();
    await pool.closeAll();
  });
});
