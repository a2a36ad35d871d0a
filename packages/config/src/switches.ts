import { DEFAULT_CACHE_CONFIG } from "@vextrus/cache/defaults";
import { DEFAULT_COST_CONFIG } from "@vextrus/cost";
import { problemLine } from "./format.js";
import { type Block, isBlock } from "./settings.js";

/**
 * The on/off switches no library owns (coordination, monitoring, the latency ones outside the cache), with their
 * defaults. The libraries' own switches come from their DEFAULT_* (see FLAG_DEFAULTS).
 */
export const SWITCH_DEFAULTS = Object.freeze({
  coordination: Object.freeze({
    hierarchical_orchestration: true,
    speculative_execution: false,
    streaming_pipeline: true,
  }),
  latency: Object.freeze({
    // `vextrus gates`'s switch.
    parallel_quality_gates: true,
    predictive_prewarming: true,
    /** Off by default: a long-lived process is a choice the user makes. */
    hook_daemon: false,
  }),
  monitoring: Object.freeze({
    show_dashboard_on_start: true,
    show_cost_warnings: true,
    show_optimization_suggestions: true,
    weekly_reports: true,
  }),
});

/**
 * Every switch the hooks read, with its default: the cost and cache ones from those libraries' defaults, the rest
 * from SWITCH_DEFAULTS. Reading these never loads zod.
 */
export const FLAG_DEFAULTS = Object.freeze({
  cost: Object.freeze({
    enabled: DEFAULT_COST_CONFIG.enabled,
    auto_model_selection: DEFAULT_COST_CONFIG.auto_model_selection,
    hard_budget_stop: DEFAULT_COST_CONFIG.hard_budget_stop,
  }),
  latency: Object.freeze({
    agent_caching_enabled: DEFAULT_CACHE_CONFIG.enabled,
    ...SWITCH_DEFAULTS.latency,
  }),
  monitoring: SWITCH_DEFAULTS.monitoring,
  coordination: SWITCH_DEFAULTS.coordination,
});

export type Flags = typeof FLAG_DEFAULTS;
export type FlagSection = keyof Flags;

/**
 * A switch's value in a merged `optimization` block: its default when unset; when not a boolean, `problem` hears
 * `optimization.cost.enabled: expected true or false, got "yes"` and the default is used.
 */
export function readFlag<S extends FlagSection>(
  optimization: Block,
  section: S,
  key: keyof Flags[S] & string,
  problem: (message: string) => void = () => {},
): boolean {
  const fallback = (FLAG_DEFAULTS[section] as Record<string, boolean>)[key] as boolean;
  const block = optimization[section];
  const value = isBlock(block) ? block[key] : undefined;
  if (value === undefined) return fallback;
  if (typeof value === "boolean") return value;
  problem(problemLine(`optimization.${section}.${key}`, "true or false", value));
  return fallback;
}

/** True when a section holds only switches: then no library parser (nor zod) needs to load to read it. */
export function onlyFlags(section: FlagSection, block: Block): boolean {
  return Object.entries(block).every(
    ([key, value]) => Object.hasOwn(FLAG_DEFAULTS[section], key) && typeof value === "boolean",
  );
}

/** Features `vextrus rollback` can turn off, and the switch each one is. */
export const FEATURES = Object.freeze({
  "cost-optimization": ["cost", "auto_model_selection"],
  "agent-caching": ["latency", "agent_caching_enabled"],
  "parallel-gates": ["latency", "parallel_quality_gates"],
  "risk-assessment": ["quality", "risk_based_gates"],
  "speculative-execution": ["coordination", "speculative_execution"],
  "hierarchical-orchestration": ["coordination", "hierarchical_orchestration"],
  "streaming-pipeline": ["coordination", "streaming_pipeline"],
  "predictive-prewarming": ["latency", "predictive_prewarming"],
  "dashboard-on-start": ["monitoring", "show_dashboard_on_start"],
  "hook-daemon": ["latency", "hook_daemon"],
} as const satisfies Record<string, readonly [string, string]>);

export type FeatureName = keyof typeof FEATURES;

export function isFeature(name: string): name is FeatureName {
  return Object.hasOwn(FEATURES, name);
}
