import { Keyv } from "keyv";
import type { CacheBackend } from "./backend.js";
import { CACHE_NAMESPACE } from "./key.js";

/** keyv's in-memory store: for tests and one-shot tools; gone when the process ends. */
export function createMemoryBackend(): CacheBackend {
  const counts = new Map<string, number>();
  return {
    name: "memory",
    keyv: new Keyv({ store: new Map(), namespace: CACHE_NAMESPACE }),
    counters: {
      async increment(by) {
        for (const [name, n] of Object.entries(by)) counts.set(name, (counts.get(name) ?? 0) + n);
      },
      async read() {
        return Object.fromEntries(counts);
      },
      async reset() {
        counts.clear();
      },
    },
    async close() {},
  };
}
