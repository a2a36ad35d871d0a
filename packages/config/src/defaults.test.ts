import { DEFAULT_CACHE_CONFIG, DEFAULT_TTL_HOURS } from "@vextrus/cache";
import { parseCacheConfig } from "@vextrus/cache/config";
import { DEFAULT_COST_CONFIG } from "@vextrus/cost";
import { parseCostConfig } from "@vextrus/cost/config";
import { DEFAULT_ALWAYS_FULL_FOR, parseQualityConfig } from "@vextrus/risk";
import { describe, expect, it } from "vitest";
import { DEFAULT_OPTIMIZATION } from "./defaults.js";
import { FEATURES, FLAG_DEFAULTS } from "./switches.js";
import { validateOptimization } from "./validate.js";

describe("defaults", () => {
  it("are what each library reports as its own defaults", () => {
    // What each library's parser makes of an empty block is what config reports.
    const { prices: _p, ...cost } = parseCostConfig({}).config;
    expect(DEFAULT_OPTIMIZATION.cost).toEqual(cost);
    const { prices: _q, ...costConstant } = DEFAULT_COST_CONFIG;
    expect(DEFAULT_OPTIMIZATION.cost).toEqual(costConstant);
    const cache = parseCacheConfig({});
    expect(DEFAULT_OPTIMIZATION.latency.agent_caching_enabled).toBe(cache.enabled);
    expect(DEFAULT_OPTIMIZATION.latency.cache_ttl_hours).toEqual(cache.ttlHours);
    expect(DEFAULT_OPTIMIZATION.latency.cache_ttl_hours).toEqual(DEFAULT_TTL_HOURS);
    expect(DEFAULT_OPTIMIZATION.quality).toEqual(parseQualityConfig({}).config);
    expect(DEFAULT_OPTIMIZATION.quality.always_full_for).toEqual(DEFAULT_ALWAYS_FULL_FOR);
  });

  it("read back through the libraries' parsers unchanged, and validate clean", () => {
    expect(parseCostConfig(DEFAULT_OPTIMIZATION.cost).config).toMatchObject(DEFAULT_OPTIMIZATION.cost);
    expect(parseCacheConfig(DEFAULT_OPTIMIZATION.latency)).toEqual(DEFAULT_CACHE_CONFIG);
    expect(parseQualityConfig(DEFAULT_OPTIMIZATION.quality).config).toEqual(DEFAULT_OPTIMIZATION.quality);
    expect(validateOptimization(structuredClone(DEFAULT_OPTIMIZATION))).toEqual({ errors: [], warnings: [] });
  });

  it("give every hook flag and every rollback feature the same default as the block", () => {
    const block = DEFAULT_OPTIMIZATION as unknown as Record<string, Record<string, unknown>>;
    for (const [section, flags] of Object.entries(FLAG_DEFAULTS))
      for (const [key, value] of Object.entries(flags))
        expect(block[section]?.[key], `${section}.${key}`).toBe(value);
    for (const [name, [section, key]] of Object.entries(FEATURES))
      expect(typeof block[section]?.[key], name).toBe("boolean");
  });
});
