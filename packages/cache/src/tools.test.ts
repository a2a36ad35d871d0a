import { describe, expect, it } from "vitest";
import { CACHE_CONFIG_KEYS, parseCacheConfig } from "./config.js";
import { classifyRun, DEFAULT_CACHEABLE_TOOLS } from "./tools.js";

describe("classifyRun", () => {
  it("caches runs that only read and searched", () => {
    expect(classifyRun([])).toEqual({ cacheable: true });
    expect(classifyRun(["Read", "Grep", "Glob", "LS", "Read"])).toEqual({ cacheable: true });
    expect(DEFAULT_CACHEABLE_TOOLS).toEqual(["Read", "Grep", "Glob", "LS"]);
  });

  it("names the most serious tool class: effects before the web, MCP or an unknown tool", () => {
    expect(classifyRun(["Read", "WebFetch", "Edit"])).toEqual({
      cacheable: false,
      reason: "wrote-files",
      tool: "Edit",
    });
    expect(classifyRun(["NotebookEdit"])).toMatchObject({ reason: "wrote-files" });
    expect(classifyRun(["WebSearch", "Bash"])).toMatchObject({ reason: "used-bash", tool: "Bash" });
    expect(classifyRun(["mcp__github__get_issue", "Agent"])).toMatchObject({ reason: "nested-agent" });
    expect(classifyRun(["Grep", "mcp__github__get_issue"])).toMatchObject({ reason: "used-mcp" });
    expect(classifyRun(["WebFetch"])).toMatchObject({ reason: "used-web" });
    expect(classifyRun(["TodoWrite"])).toEqual({
      cacheable: false,
      reason: "uncacheable-tool",
      tool: "TodoWrite",
    });
  });

  it("takes extra tools from the setting, never ones with effects", () => {
    const config = parseCacheConfig({ cacheable_tools: ["TodoWrite", "mcp__docs__lookup"] });
    expect(config.cacheableTools).toEqual(["Read", "Grep", "Glob", "LS", "TodoWrite", "mcp__docs__lookup"]);
    expect(classifyRun(["TodoWrite", "mcp__docs__lookup", "Read"], config)).toEqual({ cacheable: true });
    expect(classifyRun(["Write"], config)).toMatchObject({ reason: "wrote-files" });
    expect(parseCacheConfig({}).cacheableTools).toBeUndefined();
    expect(() => parseCacheConfig({ cacheable_tools: ["Read", "Bash"] })).toThrow(
      'optimization.latency.cacheable_tools.1: "Bash" has effects (used-bash) that replaying a cached answer would skip; remove it from the list',
    );
    expect(() => parseCacheConfig({ cacheable_tools: "Read" })).toThrow(
      /optimization\.latency\.cacheable_tools: expected a list of tool names/,
    );
    expect(CACHE_CONFIG_KEYS).toContain("cacheable_tools");
  });
});
