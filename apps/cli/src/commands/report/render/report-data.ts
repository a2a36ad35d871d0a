/** Everything `vextrus report` shows, already aggregated: the renderers only lay it out, they never compute costs. */
export interface ReportData {
  title: string; // e.g. "Vextrus weekly report"
  period: {
    kind: "weekly" | "monthly";
    from: string; // days as YYYY-MM-DD
    to: string;
    timezone: string;
    label?: string; // "2026-11", "2026-W47"; absent for --since/--until
    current?: boolean; // the period holds today: figures to date
  };
  generatedAt: string; // ISO
  cost: {
    totalUsd: number;
    totalPico: string;
    requests: number;
    byDay: Array<{ day: string; byModel: Record<string, number> /* usd per model */; totalUsd: number }>;
    byModel: Array<{ model: string; usd: number; tokens: number; sharePct: number }>;
    unpricedModels: string[];
  };
  agents: Array<{
    agent: string;
    invocations: number;
    successRate: number /*0..1*/;
    avgDurationMs: number;
    costUsd: number;
  }>;
  cache: {
    hitRate: number;
    hits: number;
    misses: number;
    byDay: Array<{ day: string; hits: number; misses: number; hitRate: number }>;
  };
  gates: Array<{
    gate: string;
    runs: number;
    passRate: number;
    avgDurationMs: number;
    notRun?: number /* skipped or cancelled runs */;
  }>;
  /** What the cache and routing saved in the period, exactly; absent in reports made before savings were kept. */
  savings?: {
    totalUsd: number;
    cache: { savedUsd: number; runs: number; savedMs: number };
    routing: { savedUsd: number; runs: number };
    sentence: string; // "saved $4.20 this month: cache $3.10 (5 runs, 12 min), routing $1.10 (3 runs)"
  };
  /** `--team`: which parts are team-wide (from the team ledger) and which are this machine's; absent otherwise. */
  scope?: string;
  suggestions: Array<{
    type: string;
    priority: "high" | "medium" | "low";
    message: string;
    action: string;
    estimatedSavingUsd: number;
  }>;
}
