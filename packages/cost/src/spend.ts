import type { CostReport } from "./aggregate.js";
import { dayKeyFunction, LOCAL_TIME_ZONE, parseDay } from "./dates.js";
import type { Pico } from "./money.js";
import { costOfRequest, type PriceBook, resolver } from "./pricing.js";
import { costOfRow, type HourKey, pricedByRows, type RollupDimension, type RollupRow } from "./rollup.js";
import { hourDayFunction, shiftDay } from "./rollup-hours.js";
import type { UsageView } from "./rollup-report.js";
import type { UsageStore } from "./store.js";

export interface SpendOptions {
  book: PriceBook;
  /** First day, `YYYYMMDD` or `YYYY-MM-DD`, in `timezone`. */
  since: string;
  /** Last day, included; without it, every day from `since` on. */
  until?: string;
  /** IANA zone the days are in; default UTC. */
  timezone?: string;
  /** The process's own local time is `timezone` (RollupReportOptions.timezoneIsLocal). */
  timezoneIsLocal?: boolean;
  /** Only this session's requests. */
  session?: string;
}

/** What a window of days cost: the `totals` of the day report over it, without its groups. */
export interface Spend {
  costPico: Pico;
  /** Requests in the window (Claude Code's `<synthetic>` placeholders are never counted). */
  requests: number;
  /** Of those, requests of a model the book has no price for: in `requests`, not in `costPico`. */
  unpricedRequests: number;
}

/** The spend a day report's totals give. */
export function spendOfReport(report: CostReport): Spend {
  const totals = report.totals;
  return {
    costPico: totals?.costPico ?? 0n,
    requests: totals?.requests ?? 0,
    unpricedRequests: totals?.unpricedRequests ?? 0,
  };
}

/** What the days from `since` to `until` cost, through `view.spend`, or else from the view's day or session report. */
export function spendOf(view: UsageView, options: SpendOptions): Spend {
  if (view.spend) return view.spend(options);
  const { session, ...window } = options;
  if (session === undefined) return spendOfReport(view.summarize({ ...window, groupBy: "day" }));
  const group = view.summarize({ ...window, groupBy: "session" }).groups.find((g) => g.key === session);
  return {
    costPico: group?.costPico ?? 0n,
    requests: group?.requests ?? 0,
    unpricedRequests: group?.unpricedRequests ?? 0,
  };
}

type Source = Pick<UsageStore, "rollups" | "usage">;

/**
 * The same spend as the totals of `reportFromRollups` over the window, to the pico, from a few sums: the hours
 * within a UTC day of a bound are read one each and placed on their local day (those holding a local midnight or an
 * offset change request by request); every hour further in is wholly inside, since local time is never more than 14
 * hours off UTC, and comes summed by model and price tier. A status line asks for today's, the month's and a
 * session's spend after every assistant message: this reads tens of rows where a day report reads every hour's.
 */
export function spendFromRollups(store: Source, options: SpendOptions): Spend {
  const since = parseDay(options.since, "since");
  const until = options.until === undefined ? undefined : parseDay(options.until, "until");
  const spend: Spend = { costPico: 0n, requests: 0, unpricedRequests: 0 };
  if (until !== undefined && until < since) return spend;
  const zone = options.timezoneIsLocal ? LOCAL_TIME_ZONE : (options.timezone ?? "UTC");
  const hourDay = hourDayFunction(zone);
  const inWindow = (day: string) => day >= since && (until === undefined || day <= until);
  const { session } = options;
  const by: RollupDimension[] = session === undefined ? [] : ["session"];

  const resolve = resolver(options.book);
  // A model whose long-context threshold is no built-in one: its rows cannot be priced, its requests are read.
  const slowModels = new Set<string>();
  const slowHours = new Set<HourKey>();
  const add = (row: RollupRow) => {
    if (row.model === "<synthetic>" || (session !== undefined && row.session !== session)) return;
    const pricing = resolve(row.model);
    if (!pricedByRows(pricing)) {
      slowModels.add(row.model);
      return;
    }
    spend.requests += row.requests;
    if (pricing) spend.costPico += costOfRow(row, pricing);
    else spend.unpricedRequests += row.requests;
  };

  const first: [HourKey, HourKey] = [shiftDay(since, -1), shiftDay(since, 2)];
  const edges = [first];
  let inner: [HourKey, HourKey | undefined] | null = [first[1], undefined];
  if (until !== undefined) {
    const near: [HourKey, HourKey] = [shiftDay(until, -1), shiftDay(until, 2)];
    if (near[0] <= first[1]) {
      first[1] = near[1];
      inner = null;
    } else {
      edges.push(near);
      inner = [first[1], near[0]];
    }
  }
  for (const [fromHour, toHour] of edges) {
    for (const row of store.rollups({ by: ["hour", ...by], fromHour, toHour })) {
      const day = hourDay(row.hour);
      if (day === null) slowHours.add(row.hour);
      else if (inWindow(day)) add(row);
    }
  }
  if (inner) {
    const [fromHour, toHour] = inner;
    for (const row of store.rollups({ by, fromHour, ...(toHour !== undefined && { toHour }) })) add(row);
  }
  if (slowHours.size === 0 && slowModels.size === 0) return spend;
  const dayOf = dayKeyFunction(zone);
  for (const r of store.usage({ hours: [...slowHours], models: [...slowModels] })) {
    if (r.model === "<synthetic>" || (session !== undefined && r.sessionId !== session)) continue;
    if (!inWindow(dayOf(r.timestamp))) continue;
    const pricing = resolve(r.model);
    spend.requests++;
    if (pricing) spend.costPico += costOfRequest(r, pricing);
    else spend.unpricedRequests++;
  }
  return spend;
}
