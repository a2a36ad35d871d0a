import type { CostGroup, CostGrouping, CostReport, ModelCost, TokenTotals } from "@vextrus/cost";
import type { TeamRow } from "./ledger.js";

function tokens(r: TeamRow): TokenTotals {
  const total = r.input + r.output + r.cacheWrite5m + r.cacheWrite1h + r.cacheRead;
  return {
    input: r.input,
    output: r.output,
    cacheWrite5m: r.cacheWrite5m,
    cacheWrite1h: r.cacheWrite1h,
    cacheRead: r.cacheRead,
    total,
  };
}

function add(into: TokenTotals, t: TokenTotals): void {
  into.input += t.input;
  into.output += t.output;
  into.cacheWrite5m += t.cacheWrite5m;
  into.cacheWrite1h += t.cacheWrite1h;
  into.cacheRead += t.cacheRead;
  into.total += t.total;
}

function group(key: string, rows: readonly TeamRow[]): CostGroup {
  const g: CostGroup = {
    key,
    tokens: { input: 0, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0, total: 0 },
    costPico: 0n,
    requests: 0,
    unpricedRequests: 0,
    models: [],
    firstTimestamp: rows[0]?.first ?? "",
    lastTimestamp: rows[0]?.last ?? "",
  };
  const models = new Map<string, ModelCost>();
  for (const r of rows) {
    const t = tokens(r);
    add(g.tokens, t);
    g.costPico += r.costPico;
    g.requests += r.requests;
    g.unpricedRequests += r.unpricedRequests;
    if (r.first < g.firstTimestamp) g.firstTimestamp = r.first;
    if (r.last > g.lastTimestamp) g.lastTimestamp = r.last;
    const m = models.get(r.model);
    if (m) {
      add(m.tokens, t);
      m.costPico += r.costPico;
      m.requests += r.requests;
      m.priced &&= r.unpricedRequests === 0;
    } else {
      models.set(r.model, {
        model: r.model,
        tokens: t,
        costPico: r.costPico,
        requests: r.requests,
        priced: r.unpricedRequests === 0,
      });
    }
  }
  g.models = [...models.values()].sort((a, b) =>
    b.costPico > a.costPico ? 1 : b.costPico < a.costPico ? -1 : 0,
  );
  return g;
}

/**
 * The rows of a team report as `@vextrus/cost`'s CostReport, so its rules (the budget's alerts and projection) and
 * the local report's JSON shape apply to the team's figures unchanged. Groups keep the SQL's order.
 */
export function toCostReport(rows: readonly TeamRow[], groupBy: CostGrouping, timezone: string): CostReport {
  const byKey = new Map<string, TeamRow[]>();
  for (const r of rows) {
    const list = byKey.get(r.key);
    if (list) list.push(r);
    else byKey.set(r.key, [r]);
  }
  const unpriced = new Set<string>();
  for (const r of rows) if (r.unpricedRequests > 0) unpriced.add(r.model);
  return {
    groupBy,
    timezone,
    groups: [...byKey].map(([key, list]) => group(key, list)),
    totals: group("total", rows),
    unpricedModels: [...unpriced].sort(),
  };
}
