// The cache's defaults alone, for tools that compose settings (@vextrus/config) without loading keyv.
export {
  type CacheConfig,
  categoryOf,
  DEFAULT_CACHE_CONFIG,
  DEFAULT_CACHE_FILE,
  DEFAULT_CATEGORY_WORDS,
  DEFAULT_TTL_HOURS,
} from "./config-defaults.js";
