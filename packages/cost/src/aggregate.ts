import { dayKeyFunction, parseDay } from "./dates.js";
import type { Pico } from "./money.js";
import { costOfRequest, costOfRequestSmall, type PriceBook } from "./pricing.js";
import { agentCategory, type UsageRecord } from "./records.js";
import { DEFAULT_WEEK_START, type WeekDay, weekStartKey } from "./weeks.js";

export type CostGrouping = "day" | "week" | "month" | "session" | "project" | "model" | "agent";

export interface TokenTotals {
  input: number;
  output: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  cacheRead: number;
  total: number;
}

/** Cost and tokens of one model within a group. */
export interface ModelCost {
  model: string;
  tokens: TokenTotals;
  costPico: Pico;
  requests: number;
  /** False when the model has no price: its tokens are counted, its cost is unknown (not zero). */
  priced: boolean;
}

export interface CostGroup {
  key: string;
  tokens: TokenTotals;
  /** Cost of the priced requests only; see `unpricedRequests`. */
  costPico: Pico;
  requests: number;
  unpricedRequests: number;
  models: ModelCost[];
  firstTimestamp: string;
  lastTimestamp: string;
  /** For session groups: the project the session belongs to. */
  project?: string;
}

export interface CostReport {
  groupBy: CostGrouping;
  timezone: string;
  groups: CostGroup[];
  totals: CostGroup;
  /** Models seen without a price, so a report can say its total is a lower bound. */
  unpricedModels: string[];
}

export interface SummarizeOptions {
  groupBy: CostGrouping;
  book: PriceBook;
  /** IANA zone for day and month boundaries; default UTC. */
  timezone?: string;
  /** First and last day to include, `YYYYMMDD` or `YYYY-MM-DD`, in `timezone`. */
  since?: string;
  until?: string;
  /** Keep only projects whose folder name contains this text (case-insensitive). */
  project?: string;
  /** agent id → subagent type, for the `agent` grouping. */
  agentTypes?: ReadonlyMap<string, string>;
  /** First day of a week, for the `week` grouping (keyed by that day's date); default sunday, as ccusage. */
  startOfWeek?: WeekDay;
}

/** Sums exactly: pico amounts accumulate in a number while that is safe, then spill into a bigint. */
class PicoSum {
  private big = 0n;
  private small = 0;
  add(pico: number | Pico): void {
    if (typeof pico === "bigint") {
      this.big += pico;
      return;
    }
    this.small += pico;
    if (this.small > 4e15) {
      this.big += BigInt(this.small);
      this.small = 0;
    }
  }
  get value(): Pico {
    return this.big + BigInt(this.small);
  }
}

export function emptyTokens(): TokenTotals {
  return { input: 0, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0, total: 0 };
}

/** Adds one request's tokens, or a group's sums, to `t`. */
export function addTokens(
  t: TokenTotals,
  r: Pick<UsageRecord, "input" | "output" | "cacheWrite5m" | "cacheWrite1h" | "cacheRead">,
): void {
  t.input += r.input;
  t.output += r.output;
  t.cacheWrite5m += r.cacheWrite5m;
  t.cacheWrite1h += r.cacheWrite1h;
  t.cacheRead += r.cacheRead;
  t.total += r.input + r.output + r.cacheWrite5m + r.cacheWrite1h + r.cacheRead;
}

interface Acc {
  key: string;
  tokens: TokenTotals;
  cost: PicoSum;
  requests: number;
  unpriced: number;
  first: string;
  last: string;
  project: string;
  models: Map<string, { tokens: TokenTotals; cost: PicoSum; requests: number; priced: boolean }>;
}

function newAcc(key: string, r: UsageRecord): Acc {
  return {
    key,
    tokens: emptyTokens(),
    cost: new PicoSum(),
    requests: 0,
    unpriced: 0,
    first: r.timestamp,
    last: r.timestamp,
    project: r.project,
    models: new Map(),
  };
}

function addToAcc(acc: Acc, r: UsageRecord, cost: number | Pico | null): void {
  addTokens(acc.tokens, r);
  acc.requests++;
  if (cost === null) acc.unpriced++;
  else acc.cost.add(cost);
  if (r.timestamp < acc.first) acc.first = r.timestamp;
  if (r.timestamp > acc.last) acc.last = r.timestamp;
  let line = acc.models.get(r.model);
  if (!line) {
    line = { tokens: emptyTokens(), cost: new PicoSum(), requests: 0, priced: cost !== null };
    acc.models.set(r.model, line);
  }
  addTokens(line.tokens, r);
  line.requests++;
  if (cost !== null) line.cost.add(cost);
}

function finish(acc: Acc, withProject: boolean): CostGroup {
  const models = [...acc.models.entries()]
    .map(([model, l]) => ({
      model,
      tokens: l.tokens,
      costPico: l.cost.value,
      requests: l.requests,
      priced: l.priced,
    }))
    .sort((a, b) =>
      b.costPico > a.costPico ? 1 : b.costPico < a.costPico ? -1 : b.tokens.total - a.tokens.total,
    );
  return {
    key: acc.key,
    tokens: acc.tokens,
    costPico: acc.cost.value,
    requests: acc.requests,
    unpricedRequests: acc.unpriced,
    models,
    firstTimestamp: acc.first,
    lastTimestamp: acc.last,
    ...(withProject && { project: acc.project }),
  };
}

/** Totals of usage records grouped by day, month, session, project, model or agent type, costed exactly. */
export function summarizeUsage(records: Iterable<UsageRecord>, options: SummarizeOptions): CostReport {
  const timezone = options.timezone ?? "UTC";
  const dayOf = dayKeyFunction(timezone);
  const since = options.since ? parseDay(options.since, "since") : null;
  const until = options.until ? parseDay(options.until, "until") : null;
  const project = options.project?.toLowerCase();
  const agentTypes = options.agentTypes ?? new Map<string, string>();
  const startOfWeek = options.startOfWeek ?? DEFAULT_WEEK_START;
  const keyOf: (r: UsageRecord, day: string) => string = {
    day: (_: UsageRecord, day: string) => day,
    week: (_: UsageRecord, day: string) => weekStartKey(day, startOfWeek),
    month: (_: UsageRecord, day: string) => day.slice(0, 7),
    session: (r: UsageRecord) => r.sessionId,
    project: (r: UsageRecord) => r.project,
    model: (r: UsageRecord) => r.model,
    agent: (r: UsageRecord) => agentCategory(r, agentTypes),
  }[options.groupBy];

  const groups = new Map<string, Acc>();
  let totals: Acc | null = null;
  const unpriced = new Set<string>();
  for (const r of records) {
    if (r.model === "<synthetic>") continue; // Claude Code's own placeholder messages: never billed
    const day = dayOf(r.timestamp);
    if ((since && day < since) || (until && day > until)) continue;
    if (project && !r.project.toLowerCase().includes(project)) continue;
    const pricing = options.book.resolve(r.model);
    // The number path for speed; a request past 2^53 pico (not a real one) takes the exact bigint path.
    const cost = pricing ? (costOfRequestSmall(r, pricing) ?? costOfRequest(r, pricing)) : null;
    if (!pricing) unpriced.add(r.model);
    const key = keyOf(r, day);
    let acc = groups.get(key);
    if (!acc) {
      acc = newAcc(key, r);
      groups.set(key, acc);
    }
    addToAcc(acc, r, cost);
    totals ??= newAcc("total", r);
    addToAcc(totals, r, cost);
  }
  const list = [...groups.values()].map((acc) => finish(acc, options.groupBy === "session"));
  return assembleReport(options.groupBy, timezone, list, totals ? finish(totals, false) : null, unpriced);
}

/**
 * The report's shape from its finished groups, whichever way they were summed (requests or rollups): day, week and
 * month groups in time order, the others by cost, ties by key.
 */
export function assembleReport(
  groupBy: CostGrouping,
  timezone: string,
  groups: CostGroup[],
  totals: CostGroup | null,
  unpriced: ReadonlySet<string>,
): CostReport {
  const chronological = groupBy === "day" || groupBy === "week" || groupBy === "month";
  groups.sort(
    chronological
      ? (a, b) => byKey(a.key, b.key)
      : (a, b) => (b.costPico > a.costPico ? 1 : b.costPico < a.costPico ? -1 : byKey(a.key, b.key)),
  );
  return {
    groupBy,
    timezone,
    groups,
    totals: totals ?? {
      key: "total",
      tokens: emptyTokens(),
      costPico: 0n,
      requests: 0,
      unpricedRequests: 0,
      models: [],
      firstTimestamp: "",
      lastTimestamp: "",
    },
    unpricedModels: [...unpriced].sort(),
  };
}

/** Ordinal order: the same on every machine, and without the ICU start-up localeCompare costs (~6 ms). */
function byKey(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
