export {
  type AgentCache,
  type AgentCacheOptions,
  type CacheEntry,
  type CacheLookup,
  type CacheStats,
  COUNTED_MISS_REASONS,
  type CountedMissReason,
  createAgentCache,
  type MissReason,
  type ProducedBy,
  type SetInput,
  type StoreResult,
} from "./agent-cache.js";
export type { CacheBackend, CounterStore } from "./backend.js";
// Config validation (zod) is its own entry, `@vextrus/cache/config`, so this one loads without zod; the defaults
// are also `@vextrus/cache/defaults`, which loads without keyv.
export * from "./defaults.js";
export {
  type DependencyInput,
  RACY_WINDOW_MS,
  type Refusal,
  type SearchRecord,
} from "./dependencies.js";
export { type CacheErrorCode, VextrusCacheError } from "./errors.js";
export {
  createMemoryProbe,
  type FileDependency,
  type FileProbe,
  type FileRead,
  type MemoryProbeOptions,
} from "./files.js";
export {
  type AgentInput,
  CACHE_NAMESPACE,
  CACHE_SCHEMA_VERSION,
  canonicalJson,
  inputHash,
  normalizePrompt,
} from "./key.js";
export { createMemoryBackend } from "./memory-backend.js";
export {
  isSearchTool,
  normalizeSearchEntries,
  relativeToRoot,
  SEARCH_TOOLS,
  type SearchDependency,
  type SearchRunner,
  type SearchRunOptions,
  type SearchStamp,
  type SearchStamper,
  type SearchTool,
  type SearchView,
  searchArgsKey,
  searchFingerprint,
  stampOf,
  stampOfFiles,
} from "./search.js";
export { runSearch, type SearchTree, searchInputs } from "./search-run.js";
export {
  classifyRun,
  DEFAULT_CACHEABLE_TOOLS,
  EFFECT_REASONS,
  NOT_STORED_REASONS,
  type NotStoredReason,
  type RunClass,
  toolReason,
  UNCACHEABLE_TOOL_CLASSES,
} from "./tools.js";
