import type { BudgetStatus, CostGroup, CostReport } from "@vextrus/cost";
import type { SavingsSummary } from "@vextrus/metrics";
import { type TeamAgentRunsRow, type TeamSavingsRow, toCostReport } from "@vextrus/team";
import type { CliContext } from "../../context.js";
import { priceBook } from "../sync/run.js";
import { teamSettings } from "../sync/target.js";
import { teamMonth, withLedger } from "./team.js";

export { teamScopeNote } from "./team-scope.js";

export interface TeamCostParts {
  /** The ledger's URL without its password. */
  ledger: string;
  costByDay: CostReport;
  costByModel: CostReport;
  costByAgent: CostReport;
  /** Against `optimization.team.monthly_budget_usd`; null when none is set. */
  budget: BudgetStatus | null;
  /** Every machine's realised savings in the period (summed by the server). */
  savings: SavingsSummary;
  /** Every machine's subagent runs in the period by agent type (summed by the server), most runs first. */
  agentRuns: TeamAgentRunsRow[];
}

/** The server's sums by kind in the shape of @vextrus/metrics' summary (its two kinds, cache and routing). */
function savingsSummary(rows: readonly TeamSavingsRow[]): SavingsSummary {
  const of = (kind: string) => rows.find((r) => r.kind === kind);
  const cache = of("cache");
  const routing = of("routing");
  const c = { savedPico: cache?.savedPico ?? 0n, runs: cache?.runs ?? 0, savedMs: cache?.savedMs ?? 0 };
  const r = { savedPico: routing?.savedPico ?? 0n, runs: routing?.runs ?? 0 };
  return { totalPico: c.savedPico + r.savedPico, cache: c, routing: r };
}

const dearestFirst = (a: CostGroup, b: CostGroup) =>
  a.costPico === b.costPico ? (a.key < b.key ? -1 : 1) : a.costPico > b.costPico ? -1 : 1;

/** The cost and savings parts of the insights for a period, over every machine's records, summed by PostgreSQL. */
export async function teamCostParts(
  ctx: CliContext,
  window: { since: string; until: string; timezone: string },
): Promise<TeamCostParts> {
  const budget = teamSettings(ctx).monthly_budget_usd;
  const book = budget === undefined ? undefined : await priceBook(ctx);
  return withLedger(ctx, async (ledger, where) => {
    const report = async (groupBy: "day" | "model" | "agent") => {
      const r = toCostReport(await ledger.report({ groupBy, ...window }), groupBy, window.timezone);
      // Models and agents dearest first, as the local reports give them (the dashboard shows the first few).
      if (groupBy !== "day") r.groups.sort(dearestFirst);
      return r;
    };
    return {
      ledger: where,
      costByDay: await report("day"),
      costByModel: await report("model"),
      costByAgent: await report("agent"),
      budget:
        budget === undefined || book === undefined
          ? null
          : (await teamMonth(ctx, ledger, { budget, book, timezone: window.timezone })).status,
      savings: savingsSummary(await ledger.savingsReport(window)),
      agentRuns: (await ledger.agentRunsReport(window)).sort(
        (a, b) => b.runs - a.runs || (a.agentType < b.agentType ? -1 : 1),
      ),
    };
  });
}
