import { describe, expect, inject, it } from "vitest";
import { cacheBackendSuite } from "../test/cache-suite.js";
import { createRedisBackend } from "./redis-backend.js";

const url = inject("redisUrl");
let n = 0;
// Each test gets its own namespace, so tests running side by side never see each other's entries.
const make = () =>
  createRedisBackend({ url: url ?? "", namespace: `vextrus:cache:test:${process.pid}:${n++}` });

describe.skipIf(url === null)("Redis backend (real redis-server)", () => {
  cacheBackendSuite(it, make);

  it("shares entries and counters between two clients, as a team does", async () => {
    const namespace = `vextrus:cache:test:${process.pid}:shared`;
    const a = await createRedisBackend({ url: url ?? "", namespace });
    const b = await createRedisBackend({ url: url ?? "", namespace });
    try {
      await a.keyv.set("k", { v: 1 });
      await a.counters.increment({ hits: 2 });
      await Promise.all(Array.from({ length: 50 }, () => b.counters.increment({ hits: 1 })));
      expect(await b.keyv.get("k")).toEqual({ v: 1 });
      expect((await a.counters.read()).hits).toBe(52);
    } finally {
      await a.counters.reset();
      await a.keyv.clear();
      await a.close();
      await b.close();
    }
  });
});

describe("Redis backend without a server", () => {
  // Refused at once; the bound only catches a client that keeps retrying (the default), with room for a loaded CI
  // machine that spends seconds loading the Redis client itself.
  it("fails fast with a clear error instead of waiting", { timeout: 60_000 }, async () => {
    const started = Date.now();
    await expect(
      createRedisBackend({ url: "redis://127.0.0.1:1", connectTimeoutMs: 500 }),
    ).rejects.toMatchObject({
      code: "STORE_UNAVAILABLE",
      message: expect.stringContaining("cannot reach Redis at redis://127.0.0.1:1"),
    });
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
