import type { DatabaseSync, SQLInputValue } from "node:sqlite";
import type { UsageRecord } from "./records.js";
import { BAND_FINGERPRINT, bandOf, groupKey, hourOf, type RollupQuery, type RollupRow } from "./rollup.js";
import { allRows, oneRow, type Row } from "./sqlite-rows.js";
import { preferRecord, type UsageQuery } from "./store.js";

// The rollups of the SQLite ledger (docs/rollups.md). `cost_requests` holds each request once, as the store's
// merge rule keeps it: it is what tells an ingest whether a request is new or replaces a smaller copy of itself,
// what a report reads for the few requests a rollup cannot place, and what the team sync copies (`seq`: the
// position of the request's last change). `cost_rollups` holds the sums, changed in the same transaction as the
// requests and the file offsets that brought them.

export const ROLLUP_SCHEMA = `
CREATE TABLE IF NOT EXISTS cost_requests (
  key TEXT NOT NULL UNIQUE, ts TEXT NOT NULL, hour TEXT NOT NULL, session TEXT NOT NULL, project TEXT NOT NULL,
  model TEXT NOT NULL, agent_id TEXT, sidechain INTEGER NOT NULL, speed TEXT, geo TEXT, band INTEGER NOT NULL,
  input INTEGER NOT NULL, output INTEGER NOT NULL, write5m INTEGER NOT NULL, write1h INTEGER NOT NULL,
  read INTEGER NOT NULL, web INTEGER NOT NULL, seq INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS cost_requests_hour ON cost_requests (hour);
CREATE TABLE IF NOT EXISTS cost_rollups (
  hour TEXT NOT NULL, session TEXT NOT NULL, project TEXT NOT NULL, agent_id TEXT NOT NULL,
  sidechain INTEGER NOT NULL, model TEXT NOT NULL, speed TEXT NOT NULL, geo TEXT NOT NULL, band INTEGER NOT NULL,
  requests INTEGER NOT NULL, input INTEGER NOT NULL, output INTEGER NOT NULL, write5m INTEGER NOT NULL,
  write1h INTEGER NOT NULL, read INTEGER NOT NULL, web INTEGER NOT NULL, first TEXT NOT NULL, last TEXT NOT NULL,
  PRIMARY KEY (hour, session, project, agent_id, sidechain, model, speed, geo, band)) WITHOUT ROWID;
`;

/** The cost_meta key naming how the kept requests and rollups were built. */
export const ROLLUP_META_KEY = "rollup_format";
/** The tables' layout and the built-in band thresholds: when either changes, both tables are built again. */
export const ROLLUP_FORMAT = `2;${BAND_FINGERPRINT}`;

/**
 * The index the team sync reads changes by. Apart from ROLLUP_SCHEMA: a ledger from before `seq` gets the column
 * on open (upgradeRollups), and only then can the index be made.
 */
export const SEQ_INDEX = "CREATE INDEX IF NOT EXISTS cost_requests_seq ON cost_requests (seq)";

/** Whether cost_requests has its `seq` column (a ledger of schema 3 does not). */
export function hasSeq(db: DatabaseSync): boolean {
  return (
    db.prepare("SELECT 1 FROM pragma_table_info('cost_requests') WHERE name = 'seq'").get() !== undefined
  );
}

/** How far before a query's `from` a request whose timestamp text sorts after it can lie: a day and 14 hours. */
const EARLIEST_BEFORE_MS = 38 * 3_600_000;
const GROUP = "hour, session, project, agent_id, sidechain, model, speed, geo, band";
const SUMS = ["input", "output", "write5m", "write1h", "read", "web"] as const;

/** What a kept request is read as, in the order recordOf reads it. */
const REQUEST_COLUMNS =
  "key, ts, session, project, model, agent_id, sidechain, speed, geo, input, output, write5m, write1h, read, web";
/** Where `seq` is in a row of `${REQUEST_COLUMNS}, seq`. */
const SEQ_AT = REQUEST_COLUMNS.split(",").length;

function recordOf(row: Row): UsageRecord {
  return {
    key: row[0] as string,
    timestamp: row[1] as string,
    sessionId: row[2] as string,
    project: row[3] as string,
    model: row[4] as string,
    agentId: row[5] as string | null,
    sidechain: row[6] === 1,
    input: row[9] as number,
    output: row[10] as number,
    cacheWrite5m: row[11] as number,
    cacheWrite1h: row[12] as number,
    cacheRead: row[13] as number,
    speed: row[7] as string | null,
    geo: row[8] as string | null,
    webSearches: row[14] as number,
  };
}

/** Every kept request of a ledger of schema 4, in the order first stored. */
export function keptRequests(db: DatabaseSync): UsageRecord[] {
  return allRows(db.prepare(`SELECT ${REQUEST_COLUMNS} FROM cost_requests ORDER BY rowid`)).map(recordOf);
}

function requestValues(r: UsageRecord): SQLInputValue[] {
  return [
    r.key,
    r.timestamp,
    hourOf(r.timestamp),
    r.sessionId,
    r.project,
    r.model,
    r.agentId || null,
    r.sidechain ? 1 : 0,
    r.speed || null,
    r.geo || null,
    bandOf(r),
    r.input,
    r.output,
    r.cacheWrite5m,
    r.cacheWrite1h,
    r.cacheRead,
    r.webSearches ?? 0,
  ];
}

/** The group columns of a request, as stored in cost_rollups. */
function groupOf(r: UsageRecord): [string, string, string, string, number, string, string, string, number] {
  return [
    hourOf(r.timestamp),
    r.sessionId,
    r.project,
    r.agentId || "",
    r.sidechain ? 1 : 0,
    r.model,
    r.speed || "",
    r.geo || "",
    bandOf(r),
  ];
}

function sameGroup(a: ReturnType<typeof groupOf>, b: ReturnType<typeof groupOf>): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether two copies of a request add the same to every rollup (so replacing one with the other changes none). */
function sameContribution(a: UsageRecord, b: UsageRecord): boolean {
  return (
    a.timestamp === b.timestamp &&
    a.sessionId === b.sessionId &&
    a.project === b.project &&
    a.model === b.model &&
    (a.agentId || null) === (b.agentId || null) &&
    a.sidechain === b.sidechain &&
    (a.speed || null) === (b.speed || null) &&
    (a.geo || null) === (b.geo || null) &&
    a.input === b.input &&
    a.output === b.output &&
    a.cacheWrite5m === b.cacheWrite5m &&
    a.cacheWrite1h === b.cacheWrite1h &&
    a.cacheRead === b.cacheRead &&
    (a.webSearches ?? 0) === (b.webSearches ?? 0)
  );
}

/** Every rollup from the kept requests, in one pass (cost_rollups empty before). */
const ROLLUP_FROM_REQUESTS = `INSERT INTO cost_rollups (${GROUP}, requests, ${SUMS.join(", ")}, first, last)
  SELECT hour, session, project, coalesce(agent_id, ''), sidechain, model, coalesce(speed, ''), coalesce(geo, ''),
    band, count(*), ${SUMS.map((c) => `sum(${c})`).join(", ")}, min(ts), max(ts)
  FROM cost_requests WHERE hour <> ''
  GROUP BY hour, session, project, coalesce(agent_id, ''), sidechain, model, coalesce(speed, ''), coalesce(geo, ''), band`;

/** A request an add met: its kept copy before (none when new) and after. */
interface Touched {
  before: UsageRecord | undefined;
  after: UsageRecord;
  dirty: boolean;
}

interface Delta {
  group: ReturnType<typeof groupOf>;
  requests: number;
  sums: number[];
  first: string | null;
  last: string | null;
  /** A request left this group: its first/last are recomputed from the requests (and the row dropped if empty). */
  shrank: boolean;
}

export function sqliteRollups(db: DatabaseSync) {
  const s = {
    insert: db.prepare(
      `INSERT INTO cost_requests (key, ts, hour, session, project, model, agent_id, sidechain, speed, geo, band, input, output, write5m, write1h, read, web, seq)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
    ),
    // An update, not a replace: the row keeps its rowid, the order requests were first stored in (as in memory);
    // its seq moves past every other, so the team sync sends the grown copy again.
    replace: db.prepare(
      `UPDATE cost_requests SET ts = ?2, hour = ?3, session = ?4, project = ?5, model = ?6, agent_id = ?7,
       sidechain = ?8, speed = ?9, geo = ?10, band = ?11, input = ?12, output = ?13, write5m = ?14, write1h = ?15,
       read = ?16, web = ?17, seq = ?18 WHERE key = ?1`,
    ),
    lastSeq: db.prepare("SELECT coalesce(max(seq), 0) FROM cost_requests"),
    changes: db.prepare(
      `SELECT ${REQUEST_COLUMNS}, seq FROM cost_requests WHERE seq > ? ORDER BY seq LIMIT ?`,
    ),
    get: db.prepare(`SELECT ${REQUEST_COLUMNS} FROM cost_requests WHERE key = ?`),
    upsert: db.prepare(
      `INSERT INTO cost_rollups (${GROUP}, requests, ${SUMS.join(", ")}, first, last)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (${GROUP}) DO UPDATE SET requests = requests + excluded.requests,
       ${SUMS.map((c) => `${c} = ${c} + excluded.${c}`).join(", ")},
       first = min(first, excluded.first), last = max(last, excluded.last)`,
    ),
    span: db.prepare(
      `SELECT count(*) AS n, min(ts) AS first, max(ts) AS last FROM cost_requests
       WHERE hour = ? AND session = ? AND project = ? AND coalesce(agent_id, '') = ? AND sidechain = ? AND model = ?
       AND coalesce(speed, '') = ? AND coalesce(geo, '') = ? AND band = ?`,
    ),
    setSpan: db.prepare(
      `UPDATE cost_rollups SET first = ?, last = ? WHERE (${GROUP}) = (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    drop: db.prepare(`DELETE FROM cost_rollups WHERE (${GROUP}) = (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    projects: db.prepare("SELECT DISTINCT project FROM cost_requests ORDER BY project"),
  };

  // What the open transaction changed, summed per group in memory and applied to cost_rollups once per group by
  // flush (before COMMIT): a first run's tens of thousands of requests fall into a few thousand groups.
  const deltas = new Map<string, Delta>();
  // The last seq given, read once per transaction (under its write lock: no other writer can move it meanwhile).
  let seq: number | null = null;
  const nextSeq = () => {
    seq ??= Number((oneRow(s.lastSeq) as Row)[0]);
    return ++seq;
  };

  /**
   * Brings the kept requests up to date with one file's new requests (in file order), and notes what the rollups
   * must change by: a new key is added, a key already kept goes through preferRecord, and a rollup changes only by
   * the difference. The rollups change at flush.
   */
  function add(records: readonly UsageRecord[]): void {
    // An indexed loop: add runs once per file, too few times for the JIT to optimise a for-of before most requests
    // pass.
    const touched = new Map<string, Touched>();
    for (let i = 0; i < records.length; i++) {
      const r = records[i] as UsageRecord;
      const seen = touched.get(r.key);
      if (seen) {
        const next = preferRecord(seen.after, r);
        if (next !== seen.after) {
          seen.after = next;
          seen.dirty = true;
        }
        continue;
      }
      let t: Touched;
      // Most requests are new: try the insert first and read the kept copy only when there is one.
      if (insertRequest(r)) t = { before: undefined, after: r, dirty: false };
      else {
        const before = recordOf(oneRow(s.get, r.key) as Row);
        const after = preferRecord(before, r);
        t = { before, after, dirty: after !== before };
      }
      touched.set(r.key, t);
    }
    for (const t of touched.values()) {
      if (t.dirty) s.replace.run(...requestValues(t.after), nextSeq());
      if (t.before && sameContribution(t.before, t.after)) continue;
      if (t.before) change(t.before, -1);
      change(t.after, 1);
    }
  }

  function insertRequest(r: UsageRecord): boolean {
    // A seq a conflicting insert takes is skipped: positions only have to grow.
    const result = s.insert.run(...requestValues(r), nextSeq());
    return Number(result.changes) === 1;
  }

  // A file's requests come in runs of one group: the last group is tried before a key is made.
  let lastDelta: Delta | null = null;

  function change(r: UsageRecord, sign: 1 | -1): void {
    const group = groupOf(r);
    if (group[0] === "") return; // a timestamp that is not a date: read one by one, never rolled up
    let d = lastDelta !== null && sameGroup(lastDelta.group, group) ? lastDelta : undefined;
    if (!d) {
      const id = groupKey(group);
      d = deltas.get(id);
      if (!d) {
        d = { group, requests: 0, sums: [0, 0, 0, 0, 0, 0], first: null, last: null, shrank: false };
        deltas.set(id, d);
      }
      lastDelta = d;
    }
    const sums = d.sums as [number, number, number, number, number, number];
    d.requests += sign;
    sums[0] += sign * r.input;
    sums[1] += sign * r.output;
    sums[2] += sign * r.cacheWrite5m;
    sums[3] += sign * r.cacheWrite1h;
    sums[4] += sign * r.cacheRead;
    sums[5] += sign * (r.webSearches ?? 0);
    if (sign < 0) d.shrank = true;
    else {
      if (d.first === null || r.timestamp < d.first) d.first = r.timestamp;
      if (d.last === null || r.timestamp > d.last) d.last = r.timestamp;
    }
  }

  /** Writes what the transaction's adds changed to cost_rollups; the store calls it before COMMIT. */
  function flush(): void {
    for (const d of deltas.values()) {
      if (d.requests !== 0 || d.sums.some((v) => v !== 0) || d.first !== null) {
        // A group only losing requests has no new span: its current one stays until recomputed below.
        const first = d.first ?? "\uffff";
        const last = d.last ?? "";
        s.upsert.run(...d.group, d.requests, ...d.sums, first, last);
      }
      if (d.shrank) {
        const span = s.span.get(...d.group) as { n: number; first: string | null; last: string | null };
        if (span.n === 0) s.drop.run(...d.group);
        else s.setSpan.run(span.first, span.last, ...d.group);
      }
    }
    discard();
  }

  /** Forgets what the transaction noted (it was rolled back, or is committed after flush). */
  function discard(): void {
    deltas.clear();
    lastDelta = null;
    seq = null;
  }

  /**
   * Requests whose last change came after position `mark`, `limit` at most, oldest change first, and the position
   * of the last one (`mark` when there is none).
   */
  function changesSince(mark: number, limit: number): { records: UsageRecord[]; mark: number } {
    const rows = allRows(s.changes, mark, Math.max(1, limit));
    const last = rows[rows.length - 1];
    return { records: rows.map(recordOf), mark: last ? Number(last[SEQ_AT]) : mark };
  }

  /**
   * Builds both tables again from every request (read before from the ledger: its batches for a ledger from before
   * rollups, else its kept requests): for a ledger from before them, one from an older layout of them, or one whose
   * bands came from other thresholds. Positions start again from 1: the caller gives the ledger a new id.
   */
  function rebuild(records: Iterable<UsageRecord>): void {
    db.exec("DROP TABLE IF EXISTS cost_requests; DROP TABLE IF EXISTS cost_rollups");
    db.exec(ROLLUP_SCHEMA);
    db.exec(SEQ_INDEX);
    seq = 0;
    for (const r of records) insertRequest(r);
    db.exec(ROLLUP_FROM_REQUESTS);
    db.prepare("DELETE FROM cost_meta WHERE key = 'rollup_bands'").run(); // the first layout's key
    db.prepare("INSERT OR REPLACE INTO cost_meta (key, value) VALUES (?, ?)").run(
      ROLLUP_META_KEY,
      ROLLUP_FORMAT,
    );
  }

  function rollups(query: RollupQuery): RollupRow[] {
    const by = new Set(query.by);
    const withSession = by.has("session");
    const withProject = withSession || by.has("project");
    const withAgent = by.has("agent");
    const cols = [
      by.has("hour") ? "hour" : "'' AS hour",
      withSession ? "session" : "'' AS session",
      withProject ? "project" : "'' AS project",
      withAgent ? "agent_id" : "'' AS agent_id",
      withAgent ? "sidechain" : "0 AS sidechain",
      "model",
      "speed",
      "geo",
      "band",
    ];
    const group = [
      by.has("hour") && "hour",
      withSession && "session",
      withProject && "project",
      withAgent && "agent_id",
      withAgent && "sidechain",
      "model",
      "speed",
      "geo",
      "band",
    ].filter(Boolean);
    const where: string[] = [];
    const params: SQLInputValue[] = [];
    if (query.fromHour !== undefined) {
      where.push("hour >= ?");
      params.push(query.fromHour);
    }
    if (query.toHour !== undefined) {
      where.push("hour < ?");
      params.push(query.toHour);
    }
    if (query.projects) {
      where.push("project IN (SELECT value FROM json_each(?))");
      params.push(JSON.stringify(query.projects));
    }
    const filter = where.length > 0 ? `WHERE ${where.join(" AND ")}` : "";
    let from = "cost_rollups";
    if (by.has("hour") && query.hourGroup) {
      // Each stored hour's group, found once; the rows then join it by the primary key's first column.
      const groups: Record<string, string> = Object.create(null);
      for (const [hour] of allRows(
        db.prepare(`SELECT DISTINCT hour FROM cost_rollups ${filter}`),
        ...params,
      )) {
        const group = query.hourGroup(hour as string);
        if (group !== null) groups[hour as string] = group;
      }
      from = "json_each(?) AS g JOIN cost_rollups ON cost_rollups.hour = g.key";
      cols[0] = "g.value AS hour";
      group[0] = "g.value";
      params.unshift(JSON.stringify(groups));
    }
    const sql = `SELECT ${cols.join(", ")}, sum(requests) AS requests, ${SUMS.map((c) => `sum(${c}) AS ${c}`).join(", ")},
      min(first) AS first, max(last) AS last FROM ${from} ${filter} GROUP BY ${group.join(", ")}`;
    return allRows(db.prepare(sql), ...params).map((row) => ({
      hour: row[0] as string,
      session: row[1] as string,
      project: row[2] as string,
      agentId: (row[3] as string) || null,
      sidechain: row[4] === 1,
      model: row[5] as string,
      speed: (row[6] as string) || null,
      geo: (row[7] as string) || null,
      band: row[8] as number,
      requests: row[9] as number,
      input: row[10] as number,
      output: row[11] as number,
      cacheWrite5m: row[12] as number,
      cacheWrite1h: row[13] as number,
      cacheRead: row[14] as number,
      webSearches: row[15] as number,
      first: row[16] as string,
      last: row[17] as string,
    }));
  }

  /**
   * The kept requests in the window (oldest first, ties in the order first stored), only those of some UTC hours
   * or models when the query names them (what a rollup cannot place). Each is the merged copy, whichever batches
   * its copies came in: a window never sees half of a request's history.
   */
  function requests(query: UsageQuery): UsageRecord[] {
    const any: string[] = [];
    const params: SQLInputValue[] = [];
    const filtered = query.hours !== undefined || query.models !== undefined;
    if (query.hours && query.hours.length > 0) {
      any.push("hour IN (SELECT value FROM json_each(?))");
      params.push(JSON.stringify(query.hours));
    }
    if (query.models && query.models.length > 0) {
      any.push("model IN (SELECT value FROM json_each(?))");
      params.push(JSON.stringify(query.models));
    }
    if (filtered && any.length === 0) return [];
    // `ts` has no index; the hour has. A stored timestamp always parses and starts with its date (ingest refuses
    // others), so one at or after `from` as text lies at most a day and 14 hours (the largest UTC offset) before
    // it: the hour bound only narrows the scan (a status line's last day, not the whole ledger).
    const fromMs = query.from ? Date.parse(query.from) : Number.NaN;
    const earliest = Number.isNaN(fromMs) ? "" : hourOf(new Date(fromMs - EARLIEST_BEFORE_MS).toISOString());
    if (!filtered && earliest !== "") {
      any.push("hour >= ?");
      params.push(earliest);
    }
    params.push(query.from ?? "", query.to ?? "\uffff");
    const only = any.length > 0 ? `(${any.join(" OR ")}) AND` : "";
    const rows = allRows(
      db.prepare(
        `SELECT ${REQUEST_COLUMNS} FROM cost_requests WHERE ${only} ts >= ? AND ts < ? ORDER BY ts, rowid`,
      ),
      ...params,
    );
    return rows.map(recordOf);
  }

  return {
    add,
    flush,
    discard,
    rebuild,
    rollups,
    requests,
    changesSince,
    projects: () => (s.projects.all() as { project: string }[]).map((r) => r.project),
  };
}
