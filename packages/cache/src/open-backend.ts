import { join } from "node:path";
import type { CacheBackend } from "./backend.js";
import { DEFAULT_CACHE_FILE } from "./config-defaults.js";
import { CACHE_NAMESPACE } from "./key.js";
import { createRedisBackend } from "./redis-backend.js";
import { createSqliteBackend } from "./sqlite-backend.js";

export interface OpenBackendOptions {
  /** The project's `.claude/state` folder. */
  stateDir: string;
  /** `redis://…` for a team's shared cache; default: `VEXTRUS_STORE` from `env`, else the local SQLite file. */
  url?: string;
  env?: Record<string, string | undefined>;
  onWarning?: (message: string) => void;
}

/**
 * The cache backend a project uses: Redis when a URL is configured, else `cache.db` (DEFAULT_CACHE_FILE) beside
 * the other state.
 * The cache has a file of its own so that recovering from a damaged cache never touches cost history.
 */
export async function openCacheBackend(options: OpenBackendOptions): Promise<CacheBackend> {
  const url = options.url ?? options.env?.VEXTRUS_STORE;
  if (url && /^rediss?:\/\//.test(url)) return createRedisBackend({ url, namespace: CACHE_NAMESPACE });
  return createSqliteBackend({
    path: join(options.stateDir, DEFAULT_CACHE_FILE),
    namespace: CACHE_NAMESPACE,
    ...(options.onWarning && { onWarning: options.onWarning }),
  });
}
