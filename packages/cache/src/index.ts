export {
  type AgentCache,
  type AgentCacheOptions,
  type CacheEntry,
  type CacheLookup,
  type CacheStats,
  createAgentCache,
  type MissReason,
  type SetInput,
} from "./agent-cache.js";
export type { CacheBackend, CounterStore } from "./backend.js";
// Config validation (zod) is its own entry, `@vextrus/cache/config`, so this one loads without zod.
export {
  type CacheConfig,
  categoryOf,
  DEFAULT_CACHE_CONFIG,
  DEFAULT_CATEGORY_WORDS,
  DEFAULT_TTL_HOURS,
} from "./config-defaults.js";
export { type CacheErrorCode, VextrusCacheError } from "./errors.js";
export { createMemoryProbe, type FileDependency, type FileProbe } from "./files.js";
export {
  type AgentInput,
  CACHE_NAMESPACE,
  CACHE_SCHEMA_VERSION,
  canonicalJson,
  inputHash,
  normalizePrompt,
} from "./key.js";
export { createMemoryBackend } from "./memory-backend.js";
