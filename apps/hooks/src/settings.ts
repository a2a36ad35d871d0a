import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { CacheConfig } from "@vextrus/cache";
import { DEFAULT_CACHE_CONFIG } from "@vextrus/cache";
import type { ComplexityConfig } from "@vextrus/complexity";
import { type CostConfig, DEFAULT_COST_CONFIG } from "@vextrus/cost";

type Block = Record<string, unknown>;

/** The on/off switches the hooks read, with DESIGN.md's defaults; `vextrus rollback` flips them. */
const FLAGS = {
  cost: { enabled: true, auto_model_selection: true, hard_budget_stop: false },
  latency: { agent_caching_enabled: true, predictive_prewarming: true },
  monitoring: {
    show_dashboard_on_start: true,
    show_cost_warnings: true,
    show_optimization_suggestions: true,
  },
} as const;

type Flags = typeof FLAGS;
export type FlagSection = keyof Flags;

export interface HookSettings {
  flag<S extends FlagSection>(section: S, key: keyof Flags[S]): boolean;
  cost(): Promise<CostConfig>;
  cache(): Promise<CacheConfig>;
  /** `optimization.complexity`, or undefined for the library's defaults. */
  complexity(): Promise<ComplexityConfig | undefined>;
}

const isBlock = (value: unknown): value is Block =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * `optimization` from `.claude/settings.json` overlaid by `.claude/settings.local.json`, one level deep per section
 * (as `vextrus config show` merges). A file that is not JSON is skipped with a note: a hook never fails on config.
 */
export function readOptimization(projectRoot: string, note: (message: string) => void): Block {
  const merged: Block = {};
  for (const name of ["settings.json", "settings.local.json"]) {
    let text: string;
    try {
      text = readFileSync(join(projectRoot, ".claude", name), "utf8");
    } catch {
      continue;
    }
    let block: unknown;
    try {
      block = (JSON.parse(text) as { optimization?: unknown })?.optimization;
    } catch {
      note(
        `.claude/${name} is not valid JSON; its settings are ignored (check it with \`vextrus config validate\`)`,
      );
      continue;
    }
    if (block === undefined) continue;
    if (!isBlock(block)) {
      note(`.claude/${name}: optimization: expected an object; ignored`);
      continue;
    }
    for (const [section, value] of Object.entries(block)) {
      const prev = merged[section];
      merged[section] = isBlock(prev) && isBlock(value) ? { ...prev, ...value } : value;
    }
  }
  return merged;
}

/** True when a section holds only switches we check here: then zod (~7 ms of start-up) need not load. */
function onlyFlags(section: FlagSection, block: Block): boolean {
  return Object.entries(block).every(([key, value]) => key in FLAGS[section] && typeof value === "boolean");
}

/**
 * Settings as the hooks use them. A bad value falls back to its default and is reported once, naming the path
 * (`optimization.cost.monthly_budget_usd: expected a positive number`): a broken setting must not stop a session.
 */
export function createHookSettings(optimization: Block, note: (message: string) => void): HookSettings {
  const section = (name: string): Block | undefined => {
    const value = optimization[name];
    if (value === undefined) return undefined;
    if (isBlock(value)) return value;
    note(`optimization.${name}: expected an object; using the defaults`);
    optimization[name] = {};
    return undefined;
  };
  const reported = new Set<string>();
  const memo = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, make: () => Promise<T>): Promise<T> => {
    if (!memo.has(key)) memo.set(key, make());
    return memo.get(key) as Promise<T>;
  };
  const problem = (message: string) => {
    if (reported.has(message)) return;
    reported.add(message);
    note(`${message}; using the default (see \`vextrus config validate\`)`);
  };
  return {
    flag(name, key) {
      const fallback = (FLAGS[name] as Record<string, boolean>)[key as string] as boolean;
      const value = section(name)?.[key as string];
      if (value === undefined) return fallback;
      if (typeof value === "boolean") return value;
      problem(`optimization.${name}.${String(key)}: expected true or false`);
      return fallback;
    },
    cost: () =>
      once("cost", async () => {
        const block = section("cost");
        if (block === undefined || onlyFlags("cost", block)) return { ...DEFAULT_COST_CONFIG, ...block };
        const { parseCostConfig } = await import("@vextrus/cost/config");
        try {
          return parseCostConfig(block).config;
        } catch (error) {
          problem((error as Error).message.replace(/^\[vextrus\] \[cost\] /, ""));
          return DEFAULT_COST_CONFIG;
        }
      }),
    cache: () =>
      once("cache", async () => {
        const block = section("latency");
        if (block === undefined || onlyFlags("latency", block))
          return { ...DEFAULT_CACHE_CONFIG, enabled: block?.agent_caching_enabled !== false };
        const { parseCacheConfig } = await import("@vextrus/cache/config");
        try {
          return parseCacheConfig(block);
        } catch (error) {
          problem((error as Error).message.replace(/^\[vextrus\] \[cache\] /, ""));
          return DEFAULT_CACHE_CONFIG;
        }
      }),
    complexity: () =>
      once("complexity", async () => {
        const block = section("complexity");
        if (block === undefined) return undefined;
        const { parseComplexityRules } = await import("@vextrus/complexity");
        try {
          return parseComplexityRules(block).config;
        } catch (error) {
          problem((error as Error).message.replace(/^\[vextrus\] \[complexity\] /, ""));
          return undefined;
        }
      }),
  };
}
