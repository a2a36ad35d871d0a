import { describe, expect, it } from "vitest";
import { parseCacheConfig } from "./config.js";
import { categoryOf, DEFAULT_CACHE_CONFIG } from "./config-defaults.js";

describe("cache config", () => {
  it("has the documented TTLs and places agents by the words of their names", () => {
    expect(DEFAULT_CACHE_CONFIG.ttlHours).toEqual({
      code_review: 24,
      exploration: 1,
      architecture: 48,
      security_scan: 6,
    });
    const cat = (a: string) => categoryOf(a, DEFAULT_CACHE_CONFIG);
    expect([
      cat("code-reviewer"),
      cat("Explore"),
      cat("architect-reviewer"),
      cat("security-sentinel"),
      cat("Plan"),
    ]).toEqual(["code_review", "exploration", "code_review", "security_scan", "architecture"]);
    expect(cat("backend-developer")).toBe("exploration");
  });

  it("takes TTLs and agent categories from optimization.latency", () => {
    const c = parseCacheConfig({
      agent_caching_enabled: false,
      cache_ttl_hours: { code_review: 2, docs: 72 },
      agent_categories: { "docs-writer": "docs" },
      predictive_prewarming: true,
    });
    expect(c.enabled).toBe(false);
    expect(c.ttlHours).toMatchObject({ code_review: 2, docs: 72, exploration: 1 });
    expect(categoryOf("docs-writer", c)).toBe("docs");
  });

  it("names the path and the fix on bad settings", () => {
    expect(() => parseCacheConfig({ cache_ttl_hours: { code_review: 0 } })).toThrow(
      "optimization.latency.cache_ttl_hours.code_review: expected a number of hours greater than 0",
    );
    expect(() => parseCacheConfig({ agent_categories: { x: "nope" } })).toThrow(
      /optimization\.latency\.agent_categories\.x: unknown category "nope"; use one of code_review, exploration/,
    );
  });
});
