/** The file name of the local cache inside the project's state folder. */
export const DEFAULT_CACHE_FILE = "cache.db";

export const DEFAULT_TTL_HOURS: Readonly<Record<string, number>> = Object.freeze({
  code_review: 24,
  exploration: 1,
  architecture: 48,
  security_scan: 6,
});

/**
 * Which category an agent type belongs to when the config does not say: by words in its name. Claude Code's own
 * `Explore` and `Plan` agents and common community agent names fall in naturally.
 */
export const DEFAULT_CATEGORY_WORDS: ReadonlyArray<readonly [category: string, words: readonly string[]]> = [
  ["security_scan", ["security", "vulnerability", "audit", "sentinel"]],
  ["code_review", ["review", "reviewer", "lint", "quality"]],
  ["architecture", ["architect", "architecture", "design", "plan", "strategist"]],
  ["exploration", ["explore", "explorer", "search", "research", "general"]],
];

export interface CacheConfig {
  enabled: boolean;
  /** Hours an entry lives, per category. */
  ttlHours: Record<string, number>;
  /** Agent type → category; the rest are placed by DEFAULT_CATEGORY_WORDS, else `defaultCategory`. */
  agentCategories: Record<string, string>;
  defaultCategory: string;
  /**
   * Tools a cached run may have used (`optimization.latency.cacheable_tools` adds to the defaults); absent:
   * DEFAULT_CACHEABLE_TOOLS.
   */
  cacheableTools?: readonly string[];
}

export const DEFAULT_CACHE_CONFIG: Readonly<CacheConfig> = Object.freeze({
  enabled: true,
  ttlHours: { ...DEFAULT_TTL_HOURS },
  agentCategories: {},
  defaultCategory: "exploration",
});

function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** The category of an agent type: configured, else by the words of its name, else the default. */
export function categoryOf(agentType: string, config: CacheConfig): string {
  const configured = config.agentCategories[agentType];
  if (configured) return configured;
  const name = words(agentType);
  for (const [category, hints] of DEFAULT_CATEGORY_WORDS) {
    if (category in config.ttlHours && hints.some((h) => name.includes(h))) return category;
  }
  return config.defaultCategory;
}
