import { Keyv } from "keyv";
import type { CacheBackend } from "./backend.js";
import { VextrusCacheError } from "./errors.js";
import { CACHE_NAMESPACE } from "./key.js";
import { readJsonFast } from "./keyv-json.js";

export interface RedisBackendOptions {
  /** `redis://[user:password@]host:port[/db]`, e.g. from `VEXTRUS_STORE`. */
  url: string;
  namespace?: string;
  /** Give up connecting after this long, so a hook never waits on a dead server; default 2000 ms. */
  connectTimeoutMs?: number;
}

/** Team mode: entries and counters in Redis (@keyv/redis), shared by everyone pointing at the same server. */
export async function createRedisBackend(options: RedisBackendOptions): Promise<CacheBackend> {
  const namespace = options.namespace ?? CACHE_NAMESPACE;
  // Loaded here, not at the top: the Redis client is ~360 KB of code that SQLite users (and every hook start)
  // would otherwise parse for nothing.
  const { default: KeyvRedis } = await import("@keyv/redis");
  const store = new KeyvRedis(
    {
      url: options.url,
      socket: {
        connectTimeout: options.connectTimeoutMs ?? 2000,
        // One try: a cache that is down is a miss, not a stall.
        reconnectStrategy: false,
      },
    },
    { namespace, throwOnConnectError: true, connectionTimeout: options.connectTimeoutMs ?? 2000 },
  );
  let client: Awaited<ReturnType<typeof store.getClient>>;
  try {
    client = await store.getClient();
  } catch (cause) {
    throw new VextrusCacheError(
      "STORE_UNAVAILABLE",
      `store: cannot reach Redis at ${redact(options.url)} (${(cause as Error).message}); start it or unset VEXTRUS_STORE to use the local SQLite store`,
      { cause },
    );
  }
  const keyv = new Keyv({ store, namespace, useKeyPrefix: false });
  readJsonFast(keyv);
  const countersKey = `${namespace}:counters`;
  // The @redis/client union type (client, cluster, sentinel) has these commands on each member.
  const redis = client as unknown as {
    multi(): { hIncrBy(key: string, field: string, by: number): unknown; exec(): Promise<unknown> };
    hGetAll(key: string): Promise<Record<string, string>>;
    del(key: string): Promise<number>;
  };
  return {
    name: "redis",
    keyv,
    counters: {
      async increment(by) {
        const tx = redis.multi();
        for (const [field, n] of Object.entries(by)) tx.hIncrBy(countersKey, field, n);
        await tx.exec();
      },
      async read() {
        const raw = await redis.hGetAll(countersKey);
        return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Number(v)]));
      },
      async reset() {
        await redis.del(countersKey);
      },
    },
    async close() {
      await store.disconnect();
    },
  };
}

function redact(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, "//***@");
}
