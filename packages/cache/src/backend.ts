import type { Keyv } from "keyv";

/** Counters that many processes bump at once without losing an increment (SQL upsert, Redis HINCRBY). */
export interface CounterStore {
  increment(counts: Record<string, number>): Promise<void>;
  read(): Promise<Record<string, number>>;
  reset(): Promise<void>;
}

/**
 * Where cache entries live: a keyv instance (entries, TTL) plus counters for hit-rate statistics. Factories:
 * `createMemoryBackend()` here, `createSqliteBackend({ path })` and `createRedisBackend({ url })` in
 * `@vextrus/cache/node`.
 */
export interface CacheBackend {
  readonly name: "memory" | "sqlite" | "redis";
  /** Entries, namespaced by the cache schema version. Its store must support `iterator()`. */
  readonly keyv: Keyv;
  readonly counters: CounterStore;
  close(): Promise<void>;
}
