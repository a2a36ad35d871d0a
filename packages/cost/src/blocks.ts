import { addTokens, emptyTokens, type TokenTotals } from "./aggregate.js";
import { dayKeyFunction, parseDayRange } from "./dates.js";
import type { Pico } from "./money.js";
import { costOfRequest, costOfRequestSmall, type PriceBook } from "./pricing.js";
import type { UsageRecord } from "./records.js";
import { CANONICAL_TIMESTAMP, costOfRow, hourOf, pricedByRows, type RollupRow } from "./rollup.js";
import type { HourSpan, UsageView } from "./rollup-report.js";

/** Claude's plans count usage in 5-hour windows (docs/usage-blocks.md). */
export const DEFAULT_BLOCK_HOURS = 5;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** One usage window, or the idle time between two windows (`isGap`). */
export interface UsageBlock {
  /** The start as ISO text, prefixed `gap-` for a gap. */
  id: string;
  /** ISO 8601 with milliseconds, UTC. A block starts on the hour; a gap where the last block's activity + 5 h ends. */
  start: string;
  /** A block: start + its length. A gap: the first request of the next block. */
  end: string;
  /** The last request in the block; null for a gap. */
  lastActivity: string | null;
  /** The first request in the block; null for a gap. */
  firstActivity: string | null;
  isActive: boolean;
  isGap: boolean;
  requests: number;
  tokens: TokenTotals;
  /** Cost of the priced requests; see `unpricedRequests`. */
  costPico: Pico;
  unpricedRequests: number;
  /** Models in the order first used (Claude Code's `<synthetic>` placeholder left out). */
  models: string[];
}

export interface BlockOptions {
  book: PriceBook;
  /** The clock, passed in: which block is active depends on it. */
  now: Date | number;
  /** Window length in hours; default 5. */
  durationHours?: number;
}

export interface BurnRate {
  /** Every token kind (cache reads included) per minute between the block's first and last request. */
  tokensPerMinute: number;
  /** Input and output tokens only, per minute: the figure a "heavy use" indicator compares. */
  tokensPerMinuteForIndicator: number;
  /** Cost per hour over the same span, rounded down to the pico-dollar. */
  costPicoPerHour: Pico;
}

export interface BlockProjection {
  /** Tokens at the block's end if the burn rate holds. */
  totalTokens: number;
  costPico: Pico;
  /** Whole minutes until the block ends (rounded to the nearest minute). */
  remainingMinutes: number;
}

interface Timed {
  record: UsageRecord;
  ms: number;
}

const SYNTHETIC = "<synthetic>";

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Splits requests into usage windows the way ccusage 20.0.24 does (docs/usage-blocks.md): a block starts at its
 * first request floored to the UTC hour and holds every later request until one comes more than `durationHours`
 * after the block's start or after the previous request; when the pause since the previous request is longer than
 * that, a gap block covers it. A block is active while `now` is before its end and within `durationHours` of its last
 * request. Listed by start, oldest first.
 *
 * Exact for any slice of history that starts after a pause longer than `durationHours` (a caller that wants only
 * the active block may pass the recent requests alone).
 */
export function usageBlocks(records: Iterable<UsageRecord>, options: BlockOptions): UsageBlock[] {
  const duration = Math.round((options.durationHours ?? DEFAULT_BLOCK_HOURS) * HOUR_MS);
  const now = typeof options.now === "number" ? options.now : options.now.getTime();
  const timed: Timed[] = [];
  for (const record of records) timed.push({ record, ms: Date.parse(record.timestamp) });
  timed.sort((a, b) => a.ms - b.ms);

  const blocks: UsageBlock[] = [];
  let start = 0;
  let current: Timed[] = [];
  for (const entry of timed) {
    const last = current.at(-1);
    if (last) {
      const sinceLast = entry.ms - last.ms;
      if (entry.ms - start > duration || sinceLast > duration) {
        blocks.push(makeBlock(start, current, now, duration, options.book));
        if (sinceLast > duration) blocks.push(gapBlock(last.ms + duration, entry.ms));
        current = [];
      }
    }
    if (current.length === 0) start = Math.floor(entry.ms / HOUR_MS) * HOUR_MS;
    current.push(entry);
  }
  if (current.length > 0) blocks.push(makeBlock(start, current, now, duration, options.book));
  // By start, as ccusage lists them: a gap begins at the last request + 5 h, which can be later than the next block's
  // start (that request floored to its hour), so the block comes first. The sort is stable for equal starts.
  return blocks.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
}

function makeBlock(
  start: number,
  entries: Timed[],
  now: number,
  duration: number,
  book: PriceBook,
): UsageBlock {
  const end = start + duration;
  const first = entries[0] as Timed;
  const last = entries.at(-1) as Timed;
  const tokens = emptyTokens();
  let small = 0;
  let big = 0n;
  let unpriced = 0;
  const models: string[] = [];
  for (const { record: r } of entries) {
    addTokens(tokens, r);
    // Claude Code's placeholder messages are never billed, but they are activity: they keep a block open.
    if (r.model === SYNTHETIC) continue;
    if (!models.includes(r.model)) models.push(r.model);
    const pricing = book.resolve(r.model);
    if (!pricing) {
      unpriced++;
      continue;
    }
    const cost = costOfRequestSmall(r, pricing) ?? costOfRequest(r, pricing);
    if (typeof cost === "bigint") big += cost;
    else small += cost;
    if (small > 4e15) {
      big += BigInt(small);
      small = 0;
    }
  }
  return {
    id: iso(start),
    start: iso(start),
    end: iso(end),
    lastActivity: iso(last.ms),
    firstActivity: iso(first.ms),
    isActive: now - last.ms < duration && now < end,
    isGap: false,
    requests: entries.length,
    tokens,
    costPico: big + BigInt(small),
    unpricedRequests: unpriced,
    models,
  };
}

function gapBlock(start: number, end: number): UsageBlock {
  return {
    id: `gap-${iso(start)}`,
    start: iso(start),
    end: iso(end),
    lastActivity: null,
    firstActivity: null,
    isActive: false,
    isGap: true,
    requests: 0,
    tokens: emptyTokens(),
    costPico: 0n,
    unpricedRequests: 0,
    models: [],
  };
}

/** Tokens and cost per unit of time between a block's first and last request; null when they are the same instant. */
export function blockBurnRate(block: UsageBlock): BurnRate | null {
  if (block.isGap || block.firstActivity === null || block.lastActivity === null) return null;
  const spanMs = Date.parse(block.lastActivity) - Date.parse(block.firstActivity);
  if (spanMs <= 0) return null;
  const minutes = spanMs / MINUTE_MS;
  return {
    tokensPerMinute: block.tokens.total / minutes,
    tokensPerMinuteForIndicator: (block.tokens.input + block.tokens.output) / minutes,
    costPicoPerHour: (block.costPico * BigInt(HOUR_MS)) / BigInt(spanMs),
  };
}

/** Where an active block ends up if its burn rate holds until its end; null for a block that is not active. */
export function projectBlock(block: UsageBlock, now: Date | number): BlockProjection | null {
  if (!block.isActive || block.isGap || block.firstActivity === null || block.lastActivity === null)
    return null;
  const rate = blockBurnRate(block);
  if (!rate) return null;
  const nowMs = typeof now === "number" ? now : now.getTime();
  // ccusage rounds the minutes left first and projects from the rounded figure; so do we, for the same numbers.
  const remainingMinutes = Math.max(0, Math.round((Date.parse(block.end) - nowMs) / MINUTE_MS));
  const spanMs = BigInt(Date.parse(block.lastActivity) - Date.parse(block.firstActivity));
  return {
    totalTokens: Math.round(block.tokens.total + rate.tokensPerMinute * remainingMinutes),
    costPico: block.costPico + (block.costPico * BigInt(remainingMinutes * MINUTE_MS)) / spanMs,
    remainingMinutes,
  };
}

export interface ActiveBlockStatus {
  block: UsageBlock;
  burnRate: BurnRate | null;
  projection: BlockProjection | null;
  /** Whole minutes since the block started. */
  elapsedMinutes: number;
  /** Whole minutes until the block ends. */
  remainingMinutes: number;
}

/** The active usage window at `now` with its burn rate and projection, or null when no request is recent enough. */
export function activeBlock(records: Iterable<UsageRecord>, options: BlockOptions): ActiveBlockStatus | null {
  const block = usageBlocks(records, options).findLast((b) => b.isActive);
  return block ? blockStatus(block, options.now) : null;
}

function blockStatus(block: UsageBlock, at: Date | number): ActiveBlockStatus {
  const now = typeof at === "number" ? at : at.getTime();
  return {
    block,
    burnRate: blockBurnRate(block),
    projection: projectBlock(block, now),
    elapsedMinutes: Math.floor((now - Date.parse(block.start)) / MINUTE_MS),
    remainingMinutes: Math.max(0, Math.floor((Date.parse(block.end) - now) / MINUTE_MS)),
  };
}

/**
 * Blocks (gaps included) whose start falls on a day from `since` to `until` (`YYYYMMDD` or `YYYY-MM-DD`) in
 * `timezone`.
 */
export function blocksBetween(
  blocks: readonly UsageBlock[],
  range: { since?: string | undefined; until?: string | undefined; timezone?: string | undefined },
): UsageBlock[] {
  const { since, until } = parseDayRange(range);
  if (!since && !until) return [...blocks];
  const dayOf = dayKeyFunction(range.timezone ?? "UTC");
  return blocks.filter((b) => {
    const day = dayOf(b.start);
    return (!since || day >= since) && (!until || day <= until);
  });
}

/** Blocks that started within the last `days` days before `now`, and the active one whenever it started. */
export function recentBlocks(blocks: readonly UsageBlock[], now: Date | number, days = 3): UsageBlock[] {
  const cutoff = (typeof now === "number" ? now : now.getTime()) - days * 24 * HOUR_MS;
  return blocks.filter((b) => Date.parse(b.start) >= cutoff || b.isActive);
}

/**
 * Where the last block of these hours starts (ISO), from each UTC hour's earliest and latest request alone: a block
 * starts and ends on whole UTC hours, so an hour's requests fall in one block, and a pause is longer than 5 hours only
 * between hours. Undefined when that does not decide it: requests made exactly on the hour a block ends (the block
 * keeps them, the hour's later ones start the next), or timestamps that are not plain UTC ISO. Null for no hours.
 */
export function lastBlockStart(
  spans: readonly HourSpan[],
  durationHours = DEFAULT_BLOCK_HOURS,
): string | null | undefined {
  const duration = Math.round(durationHours * HOUR_MS);
  let start: number | undefined;
  let last = 0;
  for (const span of spans) {
    if (!CANONICAL_TIMESTAMP.test(span.first) || !CANONICAL_TIMESTAMP.test(span.last)) return undefined;
    const first = Date.parse(span.first);
    const hour = Math.floor(first / HOUR_MS) * HOUR_MS;
    if (start === undefined || first - start > duration || first - last > duration) start = hour;
    else if (Date.parse(span.last) - start > duration) return undefined;
    last = Date.parse(span.last);
  }
  return start === undefined ? null : iso(start);
}

/**
 * The active block at `now` from a day of history (the requests since the UTC hour 24 hours before `now`, as
 * `activeBlock` over them gives it), reading only the last block: its start comes from the view's hourly spans
 * (`lastBlockStart`), and the block from the view's sums since that hour (a row per model and price tier), or from
 * its requests when the sums cannot say. The whole day is read only when the spans cannot decide the start (or the
 * view has none).
 */
export function recentActiveBlock(view: UsageView, options: BlockOptions): ActiveBlockStatus | null {
  const now = typeof options.now === "number" ? options.now : options.now.getTime();
  const fromHour = hourOf(iso(now - 24 * HOUR_MS));
  const spans = view.hours?.(fromHour);
  const start = spans && lastBlockStart(spans, options.durationHours);
  if (start === null) return null;
  if (start !== undefined && view.sums) {
    const block = blockOfSums(view.sums(hourOf(start)), Date.parse(start), options);
    if (block !== undefined) return block.isActive ? blockStatus(block, now) : null;
  }
  return activeBlock(view.records({ from: start ?? `${fromHour}:00:00.000Z` }), options);
}

/**
 * The block that starts at `startMs` and holds every request summed in `rows` (all of them from its first hour on,
 * as `lastBlockStart` found it), as `usageBlocks` builds it from those requests. Undefined when the sums cannot say:
 * no rows, a model whose long-context threshold is no built-in one (its rows cannot be priced), or two models first
 * used at the same instant (their order is the requests' stored order).
 */
function blockOfSums(
  rows: readonly RollupRow[],
  startMs: number,
  options: BlockOptions,
): UsageBlock | undefined {
  if (rows.length === 0) return undefined;
  const duration = Math.round((options.durationHours ?? DEFAULT_BLOCK_HOURS) * HOUR_MS);
  const now = typeof options.now === "number" ? options.now : options.now.getTime();
  const tokens = emptyTokens();
  let requests = 0;
  let costPico = 0n;
  let unpriced = 0;
  let firstMs = Number.POSITIVE_INFINITY;
  let lastMs = Number.NEGATIVE_INFINITY;
  const firstUse = new Map<string, number>();
  for (const row of rows) {
    const first = Date.parse(row.first);
    const last = Date.parse(row.last);
    if (first < firstMs) firstMs = first;
    if (last > lastMs) lastMs = last;
    requests += row.requests;
    addTokens(tokens, row);
    if (row.model === SYNTHETIC) continue;
    const used = firstUse.get(row.model);
    if (used === undefined || first < used) firstUse.set(row.model, first);
    const pricing = options.book.resolve(row.model);
    if (!pricing) {
      unpriced += row.requests;
      continue;
    }
    if (!pricedByRows(pricing)) return undefined;
    costPico += costOfRow(row, pricing);
  }
  const byUse = [...firstUse].sort((a, b) => a[1] - b[1]);
  for (let i = 1; i < byUse.length; i++) if (byUse[i]?.[1] === byUse[i - 1]?.[1]) return undefined;
  const end = startMs + duration;
  return {
    id: iso(startMs),
    start: iso(startMs),
    end: iso(end),
    lastActivity: iso(lastMs),
    firstActivity: iso(firstMs),
    isActive: now - lastMs < duration && now < end,
    isGap: false,
    requests,
    tokens,
    costPico,
    unpricedRequests: unpriced,
    models: byUse.map(([model]) => model),
  };
}
