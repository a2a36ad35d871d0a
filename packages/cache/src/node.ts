// Node adapters of @vextrus/cache: the file system, the SQLite file and Redis.
export { createFsProbe } from "./fs-probe.js";
export { type OpenBackendOptions, openCacheBackend } from "./open-backend.js";
export { createRedisBackend, type RedisBackendOptions } from "./redis-backend.js";
export { createSqliteBackend } from "./sqlite-backend.js";
