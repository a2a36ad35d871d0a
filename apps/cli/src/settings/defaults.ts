/** The `optimization` block's defaults (DESIGN.md "Configuration (defaults)"). */
export const DEFAULT_OPTIMIZATION = {
  cost: {
    enabled: true,
    auto_model_selection: true,
    monthly_budget_usd: 500,
    alert_threshold_pct: 80,
    hard_budget_stop: false,
  },
  latency: {
    agent_caching_enabled: true,
    cache_ttl_hours: { code_review: 24, exploration: 1, architecture: 48, security_scan: 6 },
    parallel_quality_gates: true,
    predictive_prewarming: true,
    hook_daemon: false,
  },
  coordination: { hierarchical_orchestration: true, speculative_execution: false, streaming_pipeline: true },
  quality: {
    risk_based_gates: true,
    risk_preference: "recommended",
    always_full_for: ["payment", "security", "auth", "migration"],
  },
  monitoring: {
    show_dashboard_on_start: true,
    show_cost_warnings: true,
    show_optimization_suggestions: true,
    weekly_reports: true,
  },
} as const satisfies Record<string, Record<string, unknown>>;

export type SectionName = keyof typeof DEFAULT_OPTIMIZATION | "complexity";

/** Features `vextrus rollback` can turn off, and the flag each one is. */
export const FEATURES = {
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
} as const satisfies Record<string, readonly [string, string]>;

export type FeatureName = keyof typeof FEATURES;

export function isFeature(name: string): name is FeatureName {
  return Object.hasOwn(FEATURES, name);
}
