import type { Pico } from "./money.js";
import { DEFAULT_PRICE_TABLE } from "./price-table.js";
import type { ModelPricing } from "./pricing.js";
import type { UsageRecord } from "./records.js";

// Rollups: the sums a report needs, kept per UTC hour and per everything a price or a grouping can depend on, so
// a report reads a few thousand groups instead of every request. Cost is not stored: it is linear in the tokens
// once the rate tier is fixed, so a report prices each group's sums with the book it is given (a price change or
// a user override needs no rebuild). The one per-request rule that is not linear, the long-context tier, is kept
// as a band: how many of the built-in thresholds the request's prompt exceeds (docs/rollups.md).

/** A UTC hour, `YYYY-MM-DDTHH`; `""` for a timestamp that is not a date (reports read those requests one by one). */
export type HourKey = string;

/** Sorted long-context thresholds of the built-in price table: a request's band is how many its prompt exceeds. */
export const BAND_THRESHOLDS: readonly number[] = [
  ...new Set(DEFAULT_PRICE_TABLE.entries.flatMap((e) => (e.longContext ? [e.longContext.aboveTokens] : []))),
].sort((a, b) => a - b);

/** Changes when the band thresholds change: a ledger whose rollups were banded otherwise rebuilds them. */
export const BAND_FINGERPRINT = BAND_THRESHOLDS.join(",");

export function promptTokens(r: Pick<UsageRecord, "input" | "cacheRead" | "cacheWrite5m" | "cacheWrite1h">) {
  return r.input + r.cacheRead + r.cacheWrite5m + r.cacheWrite1h;
}

export function bandOf(
  r: Pick<UsageRecord, "input" | "cacheRead" | "cacheWrite5m" | "cacheWrite1h">,
): number {
  const prompt = promptTokens(r);
  let band = 0;
  for (const t of BAND_THRESHOLDS) if (prompt > t) band++;
  return band;
}

export const CANONICAL_TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z$/;

/** The UTC hour of a timestamp, as `summarizeUsage` reads the instant (`new Date`) when it is not canonical ISO. */
export function hourOf(timestamp: string): HourKey {
  if (CANONICAL_TIMESTAMP.test(timestamp)) return timestamp.slice(0, 13);
  const ms = Date.parse(timestamp);
  return Number.isNaN(ms) ? "" : new Date(ms).toISOString().slice(0, 13);
}

/** What a rollup can be grouped by besides model and price tier. */
export type RollupDimension = "hour" | "session" | "project" | "agent";

export interface RollupQuery {
  /** Dimensions to group by (model, speed, geo and band are always kept apart). */
  by: readonly RollupDimension[];
  /** First UTC hour to include (`YYYY-MM-DDTHH`). */
  fromHour?: HourKey;
  /** UTC hour to stop before. */
  toHour?: HourKey;
  /** Only these projects (exact folder names). */
  projects?: readonly string[];
  /**
   * With `hour` in `by`: sums the hours this maps to one value (a local day) into one row, whose `hour` is that
   * value; an hour it maps to null is left out (the caller reads its requests one by one). A report reads a row a
   * day instead of a row an hour: a year of history is ~365 rows a model, not ~8,760.
   */
  hourGroup?: (hour: HourKey) => string | null;
}

/** Sums of the requests of one group. Dimensions not asked for are `""` (agentId: null, sidechain: false). */
export interface RollupRow {
  hour: HourKey;
  session: string;
  project: string;
  agentId: string | null;
  sidechain: boolean;
  model: string;
  speed: string | null;
  geo: string | null;
  band: number;
  requests: number;
  input: number;
  output: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  cacheRead: number;
  webSearches: number;
  /** Earliest and latest timestamp of the group's requests. */
  first: string;
  last: string;
}

/**
 * The rollup rows of a set of requests (each once), computed directly: what a store's kept rollups must equal. As in
 * a store, a request whose timestamp is not a date is in no row.
 */
export function rollupRecords(records: Iterable<UsageRecord>, query: RollupQuery): RollupRow[] {
  const by = new Set(query.by);
  const projects = query.projects && new Set(query.projects);
  const groups = new Map<string, RollupRow>();
  // Requests come mostly in file order, runs of them in one group: the last group is tried before a key is made.
  let last = null as RollupRow | null;
  // Records come in runs of one hour: its group is asked once a run.
  let lastHour: HourKey | null = null;
  let lastGroup: string | null = "";
  for (const r of records) {
    const hour = hourOf(r.timestamp);
    if (hour === "") continue;
    if (query.fromHour !== undefined && hour < query.fromHour) continue;
    if (query.toHour !== undefined && hour >= query.toHour) continue;
    if (projects && !projects.has(r.project)) continue;
    let groupHour: string | null = "";
    if (by.has("hour")) {
      if (hour !== lastHour) {
        lastHour = hour;
        lastGroup = query.hourGroup ? query.hourGroup(hour) : hour;
      }
      groupHour = lastGroup;
      if (groupHour === null) continue;
    }
    const session = by.has("session") ? r.sessionId : "";
    const project = by.has("project") || by.has("session") ? r.project : "";
    const agentId = by.has("agent") ? r.agentId || null : null;
    const sidechain = by.has("agent") ? r.sidechain : false;
    const speed = r.speed || null;
    const geo = r.geo || null;
    const band = bandOf(r);
    let row: RollupRow | null | undefined = last;
    if (
      row === null ||
      row.hour !== groupHour ||
      row.model !== r.model ||
      row.session !== session ||
      row.project !== project ||
      row.agentId !== agentId ||
      row.sidechain !== sidechain ||
      row.speed !== speed ||
      row.geo !== geo ||
      row.band !== band
    ) {
      const key = groupKey([
        groupHour,
        session,
        project,
        agentId ?? "",
        sidechain ? 1 : 0,
        r.model,
        speed ?? "",
        geo ?? "",
        band,
      ]);
      row = groups.get(key);
      if (!row) {
        row = {
          hour: groupHour,
          session,
          project,
          agentId,
          sidechain,
          model: r.model,
          speed,
          geo,
          band,
          requests: 0,
          input: 0,
          output: 0,
          cacheWrite5m: 0,
          cacheWrite1h: 0,
          cacheRead: 0,
          webSearches: 0,
          first: r.timestamp,
          last: r.timestamp,
        };
        groups.set(key, row);
      }
      last = row;
    }
    addToRow(row, r);
  }
  return [...groups.values()];
}

/**
 * One string per group, unambiguous whatever the strings hold (each is prefixed with its length): cheaper than
 * JSON.stringify of the columns.
 */
export function groupKey(columns: readonly (string | number)[]): string {
  let key = "";
  for (const c of columns) key += typeof c === "number" ? `${c};` : `${c.length}:${c}`;
  return key;
}

function addToRow(row: RollupRow, r: UsageRecord): void {
  row.requests++;
  row.input += r.input;
  row.output += r.output;
  row.cacheWrite5m += r.cacheWrite5m;
  row.cacheWrite1h += r.cacheWrite1h;
  row.cacheRead += r.cacheRead;
  row.webSearches += r.webSearches ?? 0;
  if (r.timestamp < row.first) row.first = r.timestamp;
  if (r.timestamp > row.last) row.last = r.timestamp;
}

/**
 * Whether a model's rows price exactly: its long-context threshold, when it has one, is a built-in one, so a row's
 * band tells which side of it each of its requests was. Any other model's requests are priced one by one.
 */
export function pricedByRows(pricing: ModelPricing | undefined): boolean {
  const above = pricing?.longContext?.aboveTokens;
  return above === undefined || BAND_THRESHOLDS.includes(above);
}

/** Exact cost of a rollup row: its tier is fixed by its speed and band, so the sums price like one request. */
export function costOfRow(row: RollupRow, pricing: ModelPricing): Pico {
  const lc = pricing.longContext;
  const rates =
    row.speed === "fast" && pricing.fast
      ? pricing.fast
      : lc && row.band > BAND_THRESHOLDS.indexOf(lc.aboveTokens)
        ? lc.rates
        : pricing.rates;
  const b = BigInt;
  const base =
    b(row.input) * b(rates.input) +
    b(row.output) * b(rates.output) +
    b(row.cacheWrite5m) * b(rates.write5m) +
    b(row.cacheWrite1h) * b(rates.write1h) +
    b(row.cacheRead) * b(rates.read);
  // Every request's base is a multiple of 10 pico, so the uplift of the sum is the sum of the uplifts.
  const tokens = row.geo === "us" ? (base / 10n) * 11n : base;
  return tokens + b(row.webSearches) * b(pricing.webSearch);
}
