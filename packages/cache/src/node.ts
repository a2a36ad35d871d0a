// Node adapters of @vextrus/cache: the file system, the SQLite file and Redis.
export { createFsProbe } from "./fs-probe.js";
export { createFsSearch, listProject, type ProjectListing } from "./fs-search.js";
export { type OpenBackendOptions, openCacheBackend } from "./open-backend.js";
export { createRedisBackend, type RedisBackendOptions } from "./redis-backend.js";
export {
  createSqliteBackend,
  SQLITE_CACHE_SCHEMA_VERSION,
  type SqliteBackend,
  type SqliteBackendOptions,
} from "./sqlite-backend.js";
export {
  createSqliteKeyvStore,
  SqliteCacheError,
  type SqliteCacheErrorCode,
  type SqliteKeyvStore,
  type SqliteKeyvStoreOptions,
} from "./sqlite-keyv-store.js";
