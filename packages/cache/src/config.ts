import { formatIssues } from "@vextrus/errors";
import * as z from "zod";
import { type CacheConfig, DEFAULT_CACHE_CONFIG, DEFAULT_TTL_HOURS } from "./config-defaults.js";
import { VextrusCacheError } from "./errors.js";
import { DEFAULT_CACHEABLE_TOOLS, EFFECT_REASONS, UNCACHEABLE_TOOL_CLASSES } from "./tools.js";

const HOURS = "expected a number of hours greater than 0";
const latencySchema = z.object({
  agent_caching_enabled: z.boolean({ error: "expected true or false" }).optional(),
  cache_ttl_hours: z
    .record(z.string(), z.number({ error: HOURS }).positive({ error: HOURS }), {
      error: 'expected an object of category → hours, e.g. { "code_review": 24 }',
    })
    .optional(),
  agent_categories: z
    .record(z.string(), z.string({ error: "expected a category name" }), {
      error: 'expected an object of agent type → category, e.g. { "code-reviewer": "code_review" }',
    })
    .optional(),
  default_category: z.string({ error: "expected a category name" }).optional(),
  cacheable_tools: z
    .array(z.string({ error: "expected a tool name" }).min(1, { error: "expected a tool name" }), {
      error: 'expected a list of tool names, e.g. ["NotebookRead"]',
    })
    .optional(),
});

/** The keys of the `optimization.latency` block that are the cache's (the block's other keys are switches). */
export const CACHE_CONFIG_KEYS: readonly string[] = Object.keys(latencySchema.shape);

/**
 * The cache settings of the `optimization.latency` block (other keys of that block belong to other features and
 * are left alone). Errors name the path: `optimization.latency.cache_ttl_hours.code_review: expected …`.
 */
export function parseCacheConfig(input: unknown, path = "optimization.latency"): CacheConfig {
  const result = latencySchema.safeParse(input ?? {}, { reportInput: true });
  if (!result.success) {
    throw new VextrusCacheError("CONFIG_INVALID", formatIssues(result.error.issues, path).join("; "));
  }
  const d = result.data;
  const config: CacheConfig = {
    enabled: d.agent_caching_enabled ?? true,
    ttlHours: { ...DEFAULT_TTL_HOURS, ...d.cache_ttl_hours },
    agentCategories: { ...d.agent_categories },
    defaultCategory: d.default_category ?? DEFAULT_CACHE_CONFIG.defaultCategory,
  };
  if (d.cacheable_tools) {
    for (const [i, tool] of d.cacheable_tools.entries()) {
      const reason = UNCACHEABLE_TOOL_CLASSES[tool];
      if (reason && EFFECT_REASONS.has(reason)) {
        throw new VextrusCacheError(
          "CONFIG_INVALID",
          `${path}.cacheable_tools.${i}: "${tool}" has effects (${reason}) that replaying a cached answer would skip; remove it from the list`,
        );
      }
    }
    config.cacheableTools = [...new Set([...DEFAULT_CACHEABLE_TOOLS, ...d.cacheable_tools])];
  }
  for (const [agent, category] of Object.entries(config.agentCategories)) {
    if (!(category in config.ttlHours)) {
      throw new VextrusCacheError(
        "CONFIG_INVALID",
        `${path}.agent_categories.${agent}: unknown category "${category}"; use one of ${Object.keys(config.ttlHours).join(", ")} or add it to ${path}.cache_ttl_hours`,
      );
    }
  }
  if (!(config.defaultCategory in config.ttlHours)) {
    throw new VextrusCacheError(
      "CONFIG_INVALID",
      `${path}.default_category: unknown category "${config.defaultCategory}"; add it to ${path}.cache_ttl_hours`,
    );
  }
  return config;
}
