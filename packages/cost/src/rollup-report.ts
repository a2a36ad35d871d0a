import {
  addTokens,
  assembleReport,
  type CostGroup,
  type CostGrouping,
  type CostReport,
  emptyTokens,
  type SummarizeOptions,
  summarizeUsage as summarizeRecords,
  type TokenTotals,
} from "./aggregate.js";
import { dayKeyFunction, LOCAL_TIME_ZONE, parseDay } from "./dates.js";
import { costOfRequest, costOfRequestSmall, type ModelPricing, resolver } from "./pricing.js";
import { agentCategory, type UsageRecord } from "./records.js";
import {
  costOfRow,
  type HourKey,
  pricedByRows,
  type RollupDimension,
  type RollupRow,
  rollupRecords,
} from "./rollup.js";
import { hourDayFunction, shiftDay } from "./rollup-hours.js";
import { type Spend, type SpendOptions, spendFromRollups, spendOfReport } from "./spend.js";
import type { UsageStore } from "./store.js";
import { DEFAULT_WEEK_START, weekStartKey } from "./weeks.js";

export interface RollupReportOptions extends SummarizeOptions {
  /**
   * The process's own local time is `timezone` (it was found from `TZ` or `/etc/localtime`): day boundaries then
   * come from Date's local methods, which skip the ~30 ms Intl start-up, and `timezone` only names the zone.
   */
  timezoneIsLocal?: boolean;
}

type Source = Pick<UsageStore, "rollups" | "rollupProjects" | "usage">;

/**
 * What a report reads usage through: sums of groups, and the requests themselves for the rare rule that needs each
 * one (budget recommendations). `recordsView` over an array and `storeView` over a store's rollups give the same
 * answers; a report written against a view does not care which.
 */
export interface UsageView {
  summarize(options: RollupReportOptions): CostReport;
  /** Every request in the window (UTC ISO bounds), oldest first. */
  records(query?: { from?: string; to?: string }): UsageRecord[];
  /**
   * The earliest and latest request of each UTC hour from `fromHour` on, oldest hour first. Optional: a view
   * without it makes `recentActiveBlock` read the whole day.
   */
  hours?(fromHour: HourKey): HourSpan[];
  /**
   * Every request from the UTC hour `fromHour` on, summed by model and price tier (rollup rows, `hour` empty).
   * Optional: without it, `recentActiveBlock` reads the last block's requests.
   */
  sums?(fromHour: HourKey): RollupRow[];
  /**
   * What the days from `since` to `until` cost: `summarize`'s totals for them, read with less work. Optional: `spendOf`
   * asks `summarize` of a view without it.
   */
  spend?(options: SpendOptions): Spend;
}

/** When a UTC hour's requests were made: its earliest and latest timestamp, as stored. */
export interface HourSpan {
  hour: HourKey;
  first: string;
  last: string;
}

/** Rollup rows of any grouping folded to one span per hour, oldest first. */
export function hourSpans(rows: Iterable<Pick<RollupRow, "hour" | "first" | "last">>): HourSpan[] {
  const spans = new Map<HourKey, HourSpan>();
  for (const { hour, first, last } of rows) {
    if (hour === "") continue;
    const span = spans.get(hour);
    if (!span) spans.set(hour, { hour, first, last });
    else {
      if (first < span.first) span.first = first;
      if (last > span.last) span.last = last;
    }
  }
  return [...spans.values()].sort((a, b) => (a.hour < b.hour ? -1 : 1));
}

export function recordsView(records: readonly UsageRecord[]): UsageView {
  return {
    summarize(options) {
      if (!options.timezoneIsLocal) return summarizeRecords(records, options);
      const report = summarizeRecords(records, { ...options, timezone: LOCAL_TIME_ZONE });
      return { ...report, timezone: options.timezone ?? "UTC" };
    },
    records: (query = {}) =>
      records.filter(
        (r) => (!query.from || r.timestamp >= query.from) && (!query.to || r.timestamp < query.to),
      ),
    hours: (fromHour) => hourSpans(rollupRecords(records, { by: ["hour"], fromHour })),
    sums: (fromHour) => rollupRecords(records, { by: [], fromHour }),
    spend: ({ session, ...options }) =>
      spendOfReport(
        recordsView(
          session === undefined ? records : records.filter((r) => r.sessionId === session),
        ).summarize({ ...options, groupBy: "day" }),
      ),
  };
}

/** Reports from the store's rollups; requests are read only when asked for. */
export function storeView(store: Source): UsageView {
  return {
    summarize: (options) => reportFromRollups(store, options),
    records: (query = {}) => store.usage(query),
    hours: (fromHour) => hourSpans(store.rollups({ by: ["hour"], fromHour })),
    sums: (fromHour) => store.rollups({ by: [], fromHour }),
    spend: (options) => spendFromRollups(store, options),
  };
}

/**
 * The same report as `summarizeUsage(store.usage(), options)`, to the token and the pico, read from the store's
 * rollups. Requests a rollup cannot place exactly are read one by one: those of a UTC hour that holds a local
 * midnight or an offset change (zones a fraction of an hour off UTC, DST changes), those of a model whose
 * long-context threshold is not one of the built-in ones (a user override), and those without a valid timestamp.
 */
export function reportFromRollups(store: Source, options: RollupReportOptions): CostReport {
  const timezone = options.timezone ?? "UTC";
  const since = options.since ? parseDay(options.since, "since") : null;
  const until = options.until ? parseDay(options.until, "until") : null;
  const zone = options.timezoneIsLocal ? LOCAL_TIME_ZONE : timezone;
  const dayOf = dayKeyFunction(zone);
  const hourDay = hourDayFunction(zone);
  const needle = options.project?.toLowerCase();
  const projects = needle
    ? store.rollupProjects().filter((p) => p.toLowerCase().includes(needle))
    : undefined;
  const hourly = options.groupBy === "day" || options.groupBy === "week" || options.groupBy === "month";
  const by: RollupDimension[] = hourly || since || until ? ["hour"] : [];
  const dimension = { session: "session", project: "project", agent: "agent" } as const;
  const extra = dimension[options.groupBy as keyof typeof dimension];
  if (extra) by.push(extra);
  const slowModels = new Set<string>();
  // Hours that hold a local midnight or an offset change, and requests without a valid time ("").
  const slowHours = new Set<HourKey>([""]);
  const rows = store.rollups({
    by,
    ...(since && { fromHour: shiftDay(since, -1) }),
    ...(until && { toHour: shiftDay(until, 2) }),
    ...(projects && { projects }),
    // Rows come a local day each (`hour` holds the day).
    ...(by[0] === "hour" && {
      hourGroup: (hour: HourKey) => {
        const day = hourDay(hour);
        if (day === null) slowHours.add(hour);
        return day;
      },
    }),
  });

  const resolve = resolver(options.book);
  const parts: Part[] = [];
  for (const row of rows) {
    const pricing = resolve(row.model);
    if (!pricedByRows(pricing)) {
      slowModels.add(row.model);
      continue;
    }
    const day = by[0] === "hour" ? row.hour : "";
    if ((since && day < since) || (until && day > until)) continue;
    parts.push({ row, day, pricing });
  }
  const slow = store.usage({ hours: [...slowHours], models: [...slowModels] });
  for (const r of slow) {
    if (needle && !r.project.toLowerCase().includes(needle)) continue;
    const day = dayOf(r.timestamp);
    if ((since && day < since) || (until && day > until)) continue;
    parts.push({ record: r, day, pricing: resolve(r.model) });
  }
  // Rollup rows and single requests merge in time order, so ties between models sort as summarizeUsage's do.
  parts.sort((a, b) => byKey(firstOf(a), firstOf(b)));
  return buildReport(parts, options, timezone);
}

interface RowPart {
  row: RollupRow;
  day: string;
  pricing: ModelPricing | undefined;
}
interface RecordPart {
  record: UsageRecord;
  day: string;
  pricing: ModelPricing | undefined;
}
type Part = RowPart | RecordPart;

const firstOf = (p: Part) => ("row" in p ? p.row.first : p.record.timestamp);

// ---- accumulation: the same groups, order and sums as summarizeUsage ----

interface Line {
  tokens: TokenTotals;
  cost: bigint;
  requests: number;
  priced: boolean;
}
interface Acc extends Line {
  key: string;
  unpriced: number;
  first: string;
  last: string;
  project: string;
  models: Map<string, Line>;
}

interface Sums {
  requests: number;
  input: number;
  output: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  cacheRead: number;
  first: string;
  last: string;
  model: string;
  project: string;
}

function sumsOf(p: Part): Sums {
  if ("row" in p) return p.row;
  const r = p.record;
  return { ...r, requests: 1, first: r.timestamp, last: r.timestamp };
}

function add(acc: Acc, s: Sums, cost: bigint | null): void {
  addTokens(acc.tokens, s);
  acc.requests += s.requests;
  if (cost === null) acc.unpriced += s.requests;
  else acc.cost += cost;
  if (s.first < acc.first) acc.first = s.first;
  if (s.last > acc.last) acc.last = s.last;
  let line = acc.models.get(s.model);
  if (!line) {
    line = { tokens: emptyTokens(), cost: 0n, requests: 0, priced: cost !== null };
    acc.models.set(s.model, line);
  }
  addTokens(line.tokens, s);
  line.requests += s.requests;
  if (cost !== null) line.cost += cost;
}

function newAcc(key: string, s: Sums): Acc {
  return {
    key,
    tokens: emptyTokens(),
    cost: 0n,
    requests: 0,
    priced: true,
    unpriced: 0,
    first: s.first,
    last: s.last,
    project: s.project,
    models: new Map(),
  };
}

function finish(acc: Acc, withProject: boolean): CostGroup {
  const models = [...acc.models.entries()]
    .map(([model, l]) => ({
      model,
      tokens: l.tokens,
      costPico: l.cost,
      requests: l.requests,
      priced: l.priced,
    }))
    .sort((a, b) =>
      b.costPico > a.costPico ? 1 : b.costPico < a.costPico ? -1 : b.tokens.total - a.tokens.total,
    );
  return {
    key: acc.key,
    tokens: acc.tokens,
    costPico: acc.cost,
    requests: acc.requests,
    unpricedRequests: acc.unpriced,
    models,
    firstTimestamp: acc.first,
    lastTimestamp: acc.last,
    ...(withProject && { project: acc.project }),
  };
}

function buildReport(parts: readonly Part[], options: RollupReportOptions, timezone: string): CostReport {
  const agentTypes = options.agentTypes ?? new Map<string, string>();
  const startOfWeek = options.startOfWeek ?? DEFAULT_WEEK_START;
  const keyOf: Record<CostGrouping, (p: Part) => string> = {
    day: (p) => p.day,
    week: (p) => weekStartKey(p.day, startOfWeek),
    month: (p) => p.day.slice(0, 7),
    session: (p) => ("row" in p ? p.row.session : p.record.sessionId),
    project: (p) => ("row" in p ? p.row.project : p.record.project),
    model: (p) => ("row" in p ? p.row.model : p.record.model),
    agent: (p) => agentCategory("row" in p ? p.row : p.record, agentTypes),
  };
  const key = keyOf[options.groupBy];
  const groups = new Map<string, Acc>();
  let totals: Acc | null = null;
  const unpriced = new Set<string>();
  for (const p of parts) {
    const s = sumsOf(p);
    if (s.model === "<synthetic>") continue; // Claude Code's own placeholder messages: never billed
    let cost: bigint | null = null;
    if (!p.pricing) unpriced.add(s.model);
    else if ("row" in p) cost = costOfRow(p.row, p.pricing);
    else {
      const small = costOfRequestSmall(p.record, p.pricing);
      cost = small === undefined ? costOfRequest(p.record, p.pricing) : BigInt(small);
    }
    const k = key(p);
    let acc = groups.get(k);
    if (!acc) {
      acc = newAcc(k, s);
      groups.set(k, acc);
    }
    add(acc, s, cost);
    totals ??= newAcc("total", s);
    add(totals, s, cost);
  }
  const list = [...groups.values()].map((acc) => finish(acc, options.groupBy === "session"));
  return assembleReport(options.groupBy, timezone, list, totals ? finish(totals, false) : null, unpriced);
}

function byKey(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
