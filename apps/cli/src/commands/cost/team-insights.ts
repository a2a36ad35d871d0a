import type { BudgetStatus, CostGroup, CostReport } from "@vextrus/cost";
import { toCostReport } from "@vextrus/team";
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
}

const dearestFirst = (a: CostGroup, b: CostGroup) =>
  a.costPico === b.costPico ? (a.key < b.key ? -1 : 1) : a.costPico > b.costPico ? -1 : 1;

/** The cost parts of the insights for a period, over every machine's requests, summed by PostgreSQL. */
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
    };
  });
}
