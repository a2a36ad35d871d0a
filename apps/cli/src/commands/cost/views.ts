import {
  type CostGroup,
  type CostReport,
  type Pico,
  parseWeekDay,
  type Reconciliation,
  reconcileSession,
  type WeekDay,
} from "@vextrus/cost";
import { type CliContext, CliError, ledgerLocation } from "../../context.js";
import type { CostOptions } from "./load.js";

/** The table reports' options beyond loading: how the rows are chosen, ordered and shown. */
export interface ReportOptions extends CostOptions {
  /** `weekly --start-of-week`. */
  startOfWeek?: string;
  order?: "asc" | "desc";
  compact?: boolean;
  /** `session --id`. */
  id?: string;
  /** `daily --instances`: one table per project. */
  instances?: boolean;
}

/** `--start-of-week`, checked before anything is read; undefined leaves the default (sunday, as ccusage). */
export function startOfWeek(options: ReportOptions): WeekDay | undefined {
  return options.startOfWeek === undefined ? undefined : parseWeekDay(options.startOfWeek, "--start-of-week");
}

const CHRONOLOGICAL = new Set(["day", "week", "month"]);

/**
 * `--order`: chronological reports by their key, sessions by last activity, the rest by cost; without it, the
 * library's order (oldest first; the largest cost first).
 */
export function orderGroups(report: CostReport, order: "asc" | "desc" | undefined): CostReport {
  if (order === undefined) return report;
  const sign = order === "asc" ? 1 : -1;
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const compare = CHRONOLOGICAL.has(report.groupBy)
    ? (a: CostGroup, b: CostGroup) => byText(a.key, b.key)
    : report.groupBy === "session"
      ? (a: CostGroup, b: CostGroup) => byText(a.lastTimestamp, b.lastTimestamp) || byText(a.key, b.key)
      : (a: CostGroup, b: CostGroup) =>
          a.costPico < b.costPico ? -1 : a.costPico > b.costPico ? 1 : byText(a.key, b.key);
  return { ...report, groups: [...report.groups].sort((a, b) => sign * compare(a, b)) };
}

/** `session --id`: the one session whose id is, or starts with, the text; an error when none or several match. */
export function oneSession(report: CostReport, id: string): CostReport {
  const matches = report.groups.filter((g) => g.key === id || g.key.startsWith(id));
  const exact = matches.find((g) => g.key === id);
  if (matches.length === 0)
    throw new CliError(
      `--id ${id}: no session with that id in the selected period; \`vextrus cost session\` lists them`,
    );
  if (!exact && matches.length > 1)
    throw new CliError(
      `--id ${id}: ${matches.length} sessions start with it (${matches.map((g) => g.key.slice(0, 13)).join(", ")}); type more of the id`,
    );
  const group = exact ?? (matches[0] as CostGroup);
  return { ...report, groups: [group], totals: { ...group, key: "total" } };
}

/**
 * Our cost of each session next to what Claude Code's status line reported for it (kept by `vextrus statusline`
 * in the user's ledger). Sessions Claude Code never reported are left out.
 */
export async function reconcileSessions(
  ctx: CliContext,
  groups: readonly CostGroup[],
): Promise<Map<string, Reconciliation>> {
  const out = new Map<string, Reconciliation>();
  if (groups.length === 0) return out;
  const { openReportedCostStore } = await import("@vextrus/cost/node");
  const store = openReportedCostStore(ledgerLocation(ctx).userLedger, { readOnly: true });
  let reported: Map<string, { costPico: Pico }>;
  try {
    reported = store.get(groups.map((g) => g.key));
  } finally {
    store.close();
  }
  for (const g of groups) {
    const theirs = reported.get(g.key);
    if (theirs) out.set(g.key, reconcileSession(g.costPico, theirs.costPico));
  }
  return out;
}

/** Sessions Claude Code reported, summed: how many, how many agree to the cent, both totals and ours minus its. */
export interface ReconciledTotals {
  sessions: number;
  agreeing: number;
  oursPico: Pico;
  reportedPico: Pico;
  differencePico: Pico;
}

/** The reconciliations summed; null when Claude Code reported none of the sessions. */
export function reconciledTotals(reconciled: ReadonlyMap<string, Reconciliation>): ReconciledTotals | null {
  if (reconciled.size === 0) return null;
  const totals = { sessions: 0, agreeing: 0, oursPico: 0n, reportedPico: 0n, differencePico: 0n };
  for (const r of reconciled.values()) {
    totals.sessions++;
    if (r.agrees) totals.agreeing++;
    totals.oursPico += r.oursPico;
    totals.reportedPico += r.reportedPico;
    totals.differencePico += r.differencePico;
  }
  return totals;
}
