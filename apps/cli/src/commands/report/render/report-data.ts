/** Everything `vextrus report` shows, already aggregated: the renderers only lay it out, they never compute costs. */
export interface ReportData {
  title: string; // e.g. "Vextrus weekly report"
  period: { kind: "weekly" | "monthly"; from: string; to: string; timezone: string }; // days as YYYY-MM-DD
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
  gates: Array<{ gate: string; runs: number; passRate: number; avgDurationMs: number }>;
  suggestions: Array<{
    type: string;
    priority: "high" | "medium" | "low";
    message: string;
    action: string;
    estimatedSavingUsd: number;
  }>;
}
