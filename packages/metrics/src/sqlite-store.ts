import type { DatabaseSync, StatementSync } from "node:sqlite";
import {
  type AgentDayAggregate,
  emptyGateAggregate,
  type GateAggregate,
  type InvocationQuery,
  type LatencyAggregate,
  type MetricsAggregate,
  sortAggregate,
} from "./aggregate.js";
import { VextrusMetricsError } from "./errors.js";
import {
  type GateStatus,
  type InvocationRecord,
  type StartKind,
  validateGateRecords,
  validateInvocations,
} from "./records.js";
import { metricsStoreError, openMetricsDatabase } from "./sqlite-file.js";
import type { MetricsStore } from "./store.js";

const SCHEMA_VERSION = "1";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS metrics_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS metrics_invocations (
  id TEXT PRIMARY KEY, agent_type TEXT NOT NULL, model TEXT NOT NULL, success INTEGER NOT NULL,
  user_correction INTEGER NOT NULL, duration_ms INTEGER NOT NULL, input INTEGER NOT NULL, output INTEGER NOT NULL,
  cache_write_5m INTEGER NOT NULL, cache_write_1h INTEGER NOT NULL, cache_read INTEGER NOT NULL,
  cost_pico INTEGER NOT NULL, cache_hit INTEGER NOT NULL, start TEXT NOT NULL, session_id TEXT NOT NULL,
  timestamp TEXT NOT NULL, failure_mode TEXT);
CREATE INDEX IF NOT EXISTS metrics_invocations_time ON metrics_invocations (timestamp);
CREATE INDEX IF NOT EXISTS metrics_invocations_agent ON metrics_invocations (agent_type, timestamp);
CREATE INDEX IF NOT EXISTS metrics_invocations_latency
  ON metrics_invocations (start, duration_ms, timestamp, agent_type);
CREATE TABLE IF NOT EXISTS metrics_gates (
  id INTEGER PRIMARY KEY, gate TEXT NOT NULL, status TEXT NOT NULL, duration_ms INTEGER NOT NULL,
  timestamp TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS metrics_gates_time ON metrics_gates (timestamp);
`;

/**
 * Daily rollups, kept by triggers as rows are inserted or replaced, so an aggregate over whole UTC days (every
 * dashboard window) reads a few thousand rollup rows instead of grouping a million invocations. `$.` stands for
 * the NEW or OLD row.
 */
const ROLLUPS: readonly {
  table: string;
  keys: Record<string, string>;
  sums: Record<string, string>;
  when?: string;
}[] = [
  {
    table: "metrics_agent_days",
    keys: { agent_type: "$.agent_type", day: "substr($.timestamp, 1, 10)" },
    sums: {
      n: "1",
      successes: "$.success",
      corrections: "$.user_correction",
      duration: "$.duration_ms",
      input: "$.input",
      output: "$.output",
      w5: "$.cache_write_5m",
      w1: "$.cache_write_1h",
      cr: "$.cache_read",
      cost: "$.cost_pico",
      hits: "$.cache_hit",
      hit_cost: "$.cache_hit * $.cost_pico",
      wasted: "CASE WHEN $.success = 0 OR $.user_correction = 1 THEN $.cost_pico ELSE 0 END",
    },
  },
  {
    table: "metrics_model_days",
    keys: { model: "$.model", agent_type: "$.agent_type", day: "substr($.timestamp, 1, 10)" },
    sums: {
      n: "1",
      input: "$.input",
      output: "$.output",
      w5: "$.cache_write_5m",
      w1: "$.cache_write_1h",
      cr: "$.cache_read",
      cost: "$.cost_pico",
    },
  },
  {
    table: "metrics_mode_days",
    keys: { agent_type: "$.agent_type", failure_mode: "$.failure_mode", day: "substr($.timestamp, 1, 10)" },
    sums: { n: "1" },
    when: "$.failure_mode IS NOT NULL",
  },
  {
    table: "metrics_start_days",
    keys: { start: "$.start", agent_type: "$.agent_type", day: "substr($.timestamp, 1, 10)" },
    sums: { n: "1", duration: "$.duration_ms" },
  },
];

function rollupSchema(): string {
  const add: string[] = [];
  const remove: string[] = [];
  const tables = ROLLUPS.map((r) => {
    const keys = Object.keys(r.keys);
    const sums = Object.keys(r.sums);
    const row = (prefix: string, sql: string) => sql.replaceAll("$.", `${prefix}.`);
    const when = (prefix: string) => (r.when ? row(prefix, r.when) : "1");
    add.push(
      `INSERT INTO ${r.table} (${[...keys, ...sums].join(", ")})
        SELECT ${[...Object.values(r.keys), ...Object.values(r.sums)].map((e) => row("NEW", e)).join(", ")}
        WHERE ${when("NEW")}
        ON CONFLICT (${keys.join(", ")}) DO UPDATE SET ${sums.map((c) => `${c} = ${c} + excluded.${c}`).join(", ")};`,
    );
    remove.push(
      `UPDATE ${r.table} SET ${sums.map((c) => `${c} = ${c} - (${row("OLD", r.sums[c] ?? "0")})`).join(", ")}
        WHERE ${keys.map((k) => `${k} = ${row("OLD", r.keys[k] ?? "")}`).join(" AND ")} AND ${when("OLD")};`,
    );
    return `CREATE TABLE IF NOT EXISTS ${r.table} (${keys.map((k) => `${k} TEXT NOT NULL`).join(", ")},
      ${sums.map((c) => `${c} INTEGER NOT NULL`).join(", ")}, PRIMARY KEY (${keys.join(", ")})) WITHOUT ROWID;`;
  });
  return `${tables.join("\n")}
CREATE TRIGGER IF NOT EXISTS metrics_rollup_insert AFTER INSERT ON metrics_invocations BEGIN
${add.join("\n")}
END;
CREATE TRIGGER IF NOT EXISTS metrics_rollup_update AFTER UPDATE ON metrics_invocations BEGIN
${remove.join("\n")}
${add.join("\n")}
END;`;
}

const INVOCATION_COLUMNS = [
  "id",
  "agent_type",
  "model",
  "success",
  "user_correction",
  "duration_ms",
  "input",
  "output",
  "cache_write_5m",
  "cache_write_1h",
  "cache_read",
  "cost_pico",
  "cache_hit",
  "start",
  "session_id",
  "timestamp",
  "failure_mode",
];

// Rows are filtered by one WHERE used by every query: open bounds become the smallest and largest text.
const WHERE = "timestamp >= ? AND timestamp < ? AND (? IS NULL OR agent_type = ?)";
const DAY_WHERE = "day >= ? AND day < ? AND (? IS NULL OR agent_type = ?)";
const MIDNIGHT = /^\d{4}-\d{2}-\d{2}T00:00:00\.000Z$/;

function prepareStatements(db: DatabaseSync) {
  const big = (sql: string) => {
    const s = db.prepare(sql);
    // Costs pass 2^53 pico (about $9,007), a single long run's or a busy month's; counts are converted back to numbers.
    s.setReadBigInts(true);
    return s;
  };
  return {
    // An upsert, not INSERT OR REPLACE: the update trigger must see the old row to take it out of the rollups.
    addInvocation: db.prepare(
      `INSERT INTO metrics_invocations (${INVOCATION_COLUMNS.join(", ")})
       VALUES (${INVOCATION_COLUMNS.map(() => "?").join(", ")})
       ON CONFLICT (id) DO UPDATE SET ${INVOCATION_COLUMNS.slice(1)
         .map((c) => `${c} = excluded.${c}`)
         .join(", ")}`,
    ),
    addGate: db.prepare(
      "INSERT INTO metrics_gates (gate, status, duration_ms, timestamp) VALUES (?, ?, ?, ?)",
    ),
    invocations: big(`SELECT * FROM metrics_invocations WHERE ${WHERE} ORDER BY timestamp, id`),
    gates: db.prepare(
      "SELECT gate, status, duration_ms, timestamp FROM metrics_gates WHERE timestamp >= ? AND timestamp < ? AND (? IS NULL OR gate = ?) ORDER BY timestamp, id",
    ),
    agentDays: big(
      `SELECT agent_type, substr(timestamp, 1, 10) AS day, count(*) AS n, sum(success) AS successes,
        sum(user_correction) AS corrections, sum(duration_ms) AS duration, sum(input) AS input,
        sum(output) AS output, sum(cache_write_5m) AS w5, sum(cache_write_1h) AS w1, sum(cache_read) AS cr,
        sum(cost_pico) AS cost, sum(cache_hit) AS hits, sum(cache_hit * cost_pico) AS hit_cost,
        sum(CASE WHEN success = 0 OR user_correction = 1 THEN cost_pico ELSE 0 END) AS wasted
       FROM metrics_invocations WHERE ${WHERE} GROUP BY agent_type, day`,
    ),
    failureModes: big(
      `SELECT agent_type, failure_mode, count(*) AS n FROM metrics_invocations
       WHERE ${WHERE} AND failure_mode IS NOT NULL GROUP BY agent_type, failure_mode`,
    ),
    models: big(
      `SELECT model, count(*) AS n, sum(input) AS input, sum(output) AS output, sum(cache_write_5m) AS w5,
        sum(cache_write_1h) AS w1, sum(cache_read) AS cr, sum(cost_pico) AS cost
       FROM metrics_invocations WHERE ${WHERE} GROUP BY model`,
    ),
    latency: big(
      `SELECT start, count(*) AS n, sum(duration_ms) AS duration FROM metrics_invocations
       WHERE ${WHERE} GROUP BY start`,
    ),
    rollupAgentDays: big(
      `SELECT agent_type, day, n, successes, corrections, duration, input, output, w5, w1, cr, cost, hits,
        hit_cost, wasted FROM metrics_agent_days WHERE ${DAY_WHERE} AND n > 0`,
    ),
    rollupFailureModes: big(
      `SELECT agent_type, failure_mode, sum(n) AS n FROM metrics_mode_days WHERE ${DAY_WHERE}
       GROUP BY agent_type, failure_mode HAVING sum(n) > 0`,
    ),
    rollupModels: big(
      `SELECT model, sum(n) AS n, sum(input) AS input, sum(output) AS output, sum(w5) AS w5, sum(w1) AS w1,
        sum(cr) AS cr, sum(cost) AS cost FROM metrics_model_days WHERE ${DAY_WHERE} GROUP BY model HAVING sum(n) > 0`,
    ),
    rollupLatency: big(
      `SELECT start, sum(n) AS n, sum(duration) AS duration FROM metrics_start_days WHERE ${DAY_WHERE}
       GROUP BY start HAVING sum(n) > 0`,
    ),
    // Walks the (start, duration_ms, timestamp) index in duration order: the k-th row is the nearest rank.
    durationAt: db.prepare(
      `SELECT duration_ms AS d FROM metrics_invocations INDEXED BY metrics_invocations_latency
       WHERE start = ? AND ${WHERE} ORDER BY duration_ms LIMIT 1 OFFSET ?`,
    ),
    gateCounts: big(
      `SELECT gate, status, count(*) AS n, sum(duration_ms) AS duration FROM metrics_gates
       WHERE timestamp >= ? AND timestamp < ? GROUP BY gate, status`,
    ),
  };
}

type Row = Record<string, bigint | string | null>;
const num = (v: unknown) => Number(v ?? 0);
const pico = (v: unknown) => (typeof v === "bigint" ? v : BigInt(Number(v ?? 0)));

function toInvocation(row: Record<string, unknown>): InvocationRecord {
  const r: InvocationRecord = {
    id: String(row.id),
    agentType: String(row.agent_type),
    model: String(row.model),
    success: num(row.success) === 1,
    userCorrection: num(row.user_correction) === 1,
    durationMs: num(row.duration_ms),
    tokens: {
      input: num(row.input),
      output: num(row.output),
      cacheWrite5m: num(row.cache_write_5m),
      cacheWrite1h: num(row.cache_write_1h),
      cacheRead: num(row.cache_read),
    },
    // Read as a bigint (the statement reads every integer so): a cost past 2^53 pico comes back exact.
    costPico: pico(row.cost_pico),
    cacheHit: num(row.cache_hit) === 1,
    start: row.start as StartKind,
    sessionId: String(row.session_id),
    timestamp: String(row.timestamp),
  };
  if (row.failure_mode !== null && row.failure_mode !== undefined) r.failureMode = String(row.failure_mode);
  return r;
}

/**
 * The embedded store: one SQLite file (node:sqlite; e.g. `.claude/state/metrics.db`), safe for several
 * processes at once (WAL, 5 s busy timeout). Aggregates run as GROUP BY queries, so a summary never reads rows.
 */
export function openSqliteMetricsStore(path: string): MetricsStore {
  const db = openMetricsDatabase(path);
  let statements: ReturnType<typeof prepareStatements>;
  try {
    const hasMeta = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'metrics_meta'")
      .get();
    if (hasMeta) {
      const row = db.prepare("SELECT value FROM metrics_meta WHERE key = 'schema'").get() as
        | { value: string }
        | undefined;
      if (row && row.value !== SCHEMA_VERSION) {
        throw new VextrusMetricsError(
          "STORE_INVALID",
          `store: ${path} has metrics schema ${row.value}, this version reads ${SCHEMA_VERSION}; upgrade Vextrus or move the file aside`,
        );
      }
    }
    db.exec(SCHEMA);
    db.exec(rollupSchema());
    db.prepare("INSERT OR IGNORE INTO metrics_meta (key, value) VALUES ('schema', ?)").run(SCHEMA_VERSION);
    statements = prepareStatements(db);
  } catch (cause) {
    db.close();
    throw cause instanceof VextrusMetricsError ? cause : metricsStoreError(path, cause);
  }
  const s = statements;

  const transaction = (fn: () => void) => {
    try {
      db.exec("BEGIN IMMEDIATE");
    } catch (cause) {
      throw metricsStoreError(path, cause);
    }
    try {
      fn();
      db.exec("COMMIT");
    } catch (error) {
      db.exec("ROLLBACK");
      throw error;
    }
  };
  const bounds = (q: InvocationQuery) => {
    const agent = q.agentType ?? null;
    return [q.from ?? "", q.to ?? "\uffff", agent, agent] as const;
  };
  const all = (stmt: StatementSync, ...params: (string | number | null)[]) => stmt.all(...params) as Row[];

  return {
    addInvocations(records) {
      if (records.length === 0) return;
      validateInvocations(records);
      transaction(() => {
        for (const r of records) {
          const t = r.tokens;
          s.addInvocation.run(
            r.id,
            r.agentType,
            r.model,
            r.success ? 1 : 0,
            r.userCorrection ? 1 : 0,
            r.durationMs,
            t.input,
            t.output,
            t.cacheWrite5m,
            t.cacheWrite1h,
            t.cacheRead,
            r.costPico,
            r.cacheHit ? 1 : 0,
            r.start,
            r.sessionId,
            r.timestamp,
            r.failureMode ?? null,
          );
        }
      });
    },
    addGateResults(records) {
      if (records.length === 0) return;
      validateGateRecords(records);
      transaction(() => {
        for (const g of records) s.addGate.run(g.gate, g.status, g.durationMs, g.timestamp);
      });
    },
    invocations: (query = {}) =>
      (s.invocations.all(...bounds(query)) as Record<string, unknown>[]).map(toInvocation),
    gateResults(query = {}) {
      const gate = query.gate ?? null;
      return (
        s.gates.all(query.from ?? "", query.to ?? "\uffff", gate, gate) as Record<string, unknown>[]
      ).map((r) => ({
        gate: String(r.gate),
        status: r.status as GateStatus,
        durationMs: num(r.duration_ms),
        timestamp: String(r.timestamp),
      }));
    },
    aggregate(query = {}): MetricsAggregate {
      const b = bounds(query);
      const daily =
        (query.from === undefined || MIDNIGHT.test(query.from)) &&
        (query.to === undefined || MIDNIGHT.test(query.to));
      const d = [b[0].slice(0, 10), b[1].slice(0, 10), b[2], b[3]] as const;
      const tokensOf = (r: Row) => ({
        input: num(r.input),
        output: num(r.output),
        cacheWrite5m: num(r.w5),
        cacheWrite1h: num(r.w1),
        cacheRead: num(r.cr),
      });
      const agentDays = (daily ? all(s.rollupAgentDays, ...d) : all(s.agentDays, ...b)).map(
        (r): AgentDayAggregate => ({
          agentType: String(r.agent_type),
          day: String(r.day),
          invocations: num(r.n),
          successes: num(r.successes),
          corrections: num(r.corrections),
          durationMs: num(r.duration),
          tokens: tokensOf(r),
          costPico: pico(r.cost),
          cacheHits: num(r.hits),
          hitCostPico: pico(r.hit_cost),
          wastedCostPico: pico(r.wasted),
        }),
      );
      const failureModes = (daily ? all(s.rollupFailureModes, ...d) : all(s.failureModes, ...b)).map((r) => ({
        agentType: String(r.agent_type),
        failureMode: String(r.failure_mode),
        count: num(r.n),
      }));
      const models = (daily ? all(s.rollupModels, ...d) : all(s.models, ...b)).map((r) => ({
        model: String(r.model),
        invocations: num(r.n),
        tokens: tokensOf(r),
        costPico: pico(r.cost),
      }));
      const latency = (daily ? all(s.rollupLatency, ...d) : all(s.latency, ...b)).map(
        (r): LatencyAggregate => {
          const start = String(r.start) as StartKind;
          const count = num(r.n);
          const at = (p: number) =>
            num((s.durationAt.get(start, ...b, Math.max(0, Math.ceil((p / 100) * count) - 1)) as Row)?.d);
          return { start, count, durationMs: num(r.duration), p50Ms: at(50), p95Ms: at(95) };
        },
      );
      const gates = new Map<string, GateAggregate>();
      for (const r of all(s.gateCounts, b[0], b[1])) {
        const name = String(r.gate);
        const g = gates.get(name) ?? emptyGateAggregate(name);
        const n = num(r.n);
        g.runs += n;
        const status = String(r.status) as GateStatus;
        if (status === "passed") g.passed += n;
        else if (status === "failed") g.failed += n;
        else if (status === "timed-out") g.timedOut += n;
        else if (status === "cancelled") g.cancelled += n;
        else g.skipped += n;
        if (status === "passed" || status === "failed" || status === "timed-out")
          g.verdictDurationMs += num(r.duration);
        gates.set(name, g);
      }
      return sortAggregate({ agentDays, failureModes, models, latency, gates: [...gates.values()] });
    },
    close: () => db.close(),
  };
}
