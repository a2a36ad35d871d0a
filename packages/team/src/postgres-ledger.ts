import postgres from "postgres";
import { booleanArray, numberArray, textArray } from "./array-literal.js";
import { VextrusTeamError } from "./errors.js";
import type { TeamLabels } from "./labels.js";
import type { SyncScope, TeamLedger, TeamQuery, TeamRow } from "./ledger.js";
import { ledgerError } from "./ledger-errors.js";
import { pgpassLookup } from "./pgpass.js";
import { displayUrl } from "./redact.js";
import { teamAgentRunsSql, teamReportSql, teamSavingsSql } from "./report-sql.js";
import type { RequestColumns } from "./rows.js";
import { MIGRATIONS, SCHEMA_VERSION } from "./schema.js";

export interface OpenTeamLedgerOptions {
  /** For `PGPASSWORD`; the ledger reads no other environment of its own. */
  env?: Record<string, string | undefined>;
  /** The text of `~/.pgpass` (or `$PGPASSFILE`), when there is one: the caller reads the file. */
  pgpass?: string;
  /** Seconds to wait for the server to answer; default 10. */
  connectTimeoutSeconds?: number;
}

/** The columns of vextrus_requests a sync writes, in the order of the statement's parameters, with their types. */
const COLUMNS: readonly [
  keyof RequestColumns,
  string,
  "text" | "timestamptz" | "int8" | "int4" | "boolean",
][] = [
  ["key", "key", "text"],
  ["ts", "ts", "timestamptz"],
  ["model", "model", "text"],
  ["input", "input", "int8"],
  ["output", "output", "int8"],
  ["cacheWrite5m", "cache_write_5m", "int8"],
  ["cacheWrite1h", "cache_write_1h", "int8"],
  ["cacheRead", "cache_read", "int8"],
  ["webSearches", "web_searches", "int4"],
  ["speed", "speed", "text"],
  ["geo", "geo", "text"],
  ["project", "project", "text"],
  ["sessionId", "session_id", "text"],
  ["agentId", "agent_id", "text"],
  ["sidechain", "sidechain", "boolean"],
  ["agent", "agent", "text"],
  ["costPico", "cost_pico", "int8"],
];

/** Replaced wholesale when the incoming copy has more output (cost's preferRecord: a streamed message's last line). */
const REPLACED = [
  "ts",
  "model",
  "input",
  "output",
  "cache_write_5m",
  "cache_write_1h",
  "cache_read",
  "web_searches",
].concat(["speed", "geo", "project", "session_id", "cost_pico"]);

const GROWS = "excluded.output > r.output";
const LEARNS_AGENT =
  "(r.agent_id IS NULL AND excluded.agent_id IS NOT NULL) OR (excluded.sidechain AND NOT r.sidechain)";

const MARK_AT = COLUMNS.length + 3;

/**
 * One batch and the position after it, in one statement (so one round trip, atomic without BEGIN/COMMIT: the mark's
 * upsert is a data-modifying WITH, run to completion with the insert). Each column is one parameter: an array
 * literal sent as text (array-literal.ts) and cast by the server. The batch is first reduced to one row per key
 * (docs/postgresql.md) and written in key order, so two machines writing at once do not deadlock.
 */
const PUSH_SQL = `
WITH batch AS (
  SELECT DISTINCT ON (key) * FROM unnest(${COLUMNS.map(([, , type], i) => `$${i + 1}::text::${type}[]`).join(", ")})
    AS b(${COLUMNS.map(([, column]) => column).join(", ")})
  ORDER BY key, output DESC, (agent_id IS NOT NULL) DESC
), pushed AS (
  INSERT INTO vextrus_requests AS r (${COLUMNS.map(([, column]) => column).join(", ")}, user_name, machine)
  SELECT ${COLUMNS.map(([, column]) => (column === "agent" ? "coalesce(t.agent_type, b.agent)" : `b.${column}`)).join(", ")},
    $${COLUMNS.length + 1}, $${COLUMNS.length + 2}
  FROM batch b LEFT JOIN vextrus_agent_types t ON t.agent_id = b.agent_id
  ORDER BY b.key
  ON CONFLICT (key) DO UPDATE SET
    ${REPLACED.map((c) => `${c} = CASE WHEN ${GROWS} THEN excluded.${c} ELSE r.${c} END`).join(",\n    ")},
    agent_id = coalesce(r.agent_id, excluded.agent_id),
    sidechain = r.sidechain OR excluded.sidechain,
    agent = CASE WHEN ${LEARNS_AGENT} THEN excluded.agent ELSE r.agent END,
    synced_at = now()
  WHERE ${GROWS} OR ${LEARNS_AGENT}
  RETURNING 1
), marked AS (${markSql(MARK_AT)}
  RETURNING 1
)
SELECT (SELECT count(*) FROM pushed)::int AS changed`;

/** The batch's parameters: one array literal per column, then the labels and the position. */
function pushParams(batch: RequestColumns, labels: TeamLabels, scope: SyncScope, to: number): unknown[] {
  return [
    ...COLUMNS.map(([field, , type]) => {
      const values = batch[field];
      if (type === "boolean") return booleanArray(values as boolean[]);
      if (type === "text" || type === "timestamptz") return textArray(values as (string | null)[]);
      return numberArray(values as (number | string | null)[]);
    }),
    labels.user,
    labels.machine,
    scope.machine,
    scope.ledgerId,
    scope.stream,
    to,
  ];
}

/** Agent id → type, with the requests of agents whose type is new or changed moved to it, and the digest sent. */
const PUSH_TYPES_SQL = `
WITH given AS (SELECT * FROM unnest($1::text::text[], $2::text::text[]) AS g(agent_id, agent_type) ORDER BY agent_id),
changed AS (
  INSERT INTO vextrus_agent_types AS t (agent_id, agent_type) SELECT * FROM given
  ON CONFLICT (agent_id) DO UPDATE SET agent_type = excluded.agent_type
  WHERE t.agent_type IS DISTINCT FROM excluded.agent_type
  RETURNING agent_id, agent_type
), marked AS (${markSql(3)}
  RETURNING 1
)
UPDATE vextrus_requests r SET agent = c.agent_type FROM changed c
WHERE r.agent_id = c.agent_id AND r.agent <> c.agent_type`;

/** A batch of subagent runs: a run pushed again (it grew, or its type was learnt) replaces its copy. */
const PUSH_RUNS_SQL = withMark(
  `
INSERT INTO vextrus_agent_runs AS r (id, session_id, project, agent_type, model, started, ended, status, background,
  requests, cost_pico, unpriced, user_name, machine)
SELECT id, session_id, project, agent_type, model, started, ended, status, background <> 0, requests, cost_pico,
  unpriced <> 0, $13, $14
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[],
  $8::text[], $9::int[], $10::int[], $11::numeric[], $12::int[])
  AS u(id, session_id, project, agent_type, model, started, ended, status, background, requests, cost_pico, unpriced)
ORDER BY id
ON CONFLICT (id) DO UPDATE SET session_id = excluded.session_id, project = excluded.project,
  agent_type = excluded.agent_type, model = excluded.model, started = excluded.started, ended = excluded.ended,
  status = excluded.status, background = excluded.background, requests = excluded.requests,
  cost_pico = excluded.cost_pico, unpriced = excluded.unpriced
WHERE (r.session_id, r.project, r.agent_type, r.model, r.started, r.ended, r.status, r.background, r.requests,
  r.cost_pico, r.unpriced) IS DISTINCT FROM (excluded.session_id, excluded.project, excluded.agent_type,
  excluded.model, excluded.started, excluded.ended, excluded.status, excluded.background, excluded.requests,
  excluded.cost_pico, excluded.unpriced)`,
  15,
);

/** One project's savings: a saving recorded again replaces its copy. */
const PUSH_SAVINGS_SQL = withMark(
  `
INSERT INTO vextrus_savings AS s (id, kind, agent_type, session_id, ts, saved_pico, saved_ms, model, baseline_model,
  user_name, machine, project)
SELECT u.*, $10, $11, $12 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[],
  $6::numeric[], $7::bigint[], $8::text[], $9::text[]) AS u ORDER BY 1
ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, agent_type = excluded.agent_type,
  session_id = excluded.session_id, ts = excluded.ts, saved_pico = excluded.saved_pico, saved_ms = excluded.saved_ms,
  model = excluded.model, baseline_model = excluded.baseline_model, project = excluded.project
WHERE (s.kind, s.agent_type, s.session_id, s.ts, s.saved_pico, s.saved_ms, s.model, s.baseline_model, s.project)
  IS DISTINCT FROM (excluded.kind, excluded.agent_type, excluded.session_id, excluded.ts, excluded.saved_pico,
  excluded.saved_ms, excluded.model, excluded.baseline_model, excluded.project)`,
  13,
);

/**
 * A write and the position after it as one statement (see PUSH_SQL): `write` is an INSERT (or UPDATE) without
 * RETURNING; the answer is how many rows it changed.
 */
function withMark(write: string, markAt: number): string {
  return `WITH pushed AS (${write}
  RETURNING 1
), marked AS (${markSql(markAt)}
  RETURNING 1
)
SELECT (SELECT count(*) FROM pushed)::int AS changed`;
}

/** Moves a position (a digest's is replaced, a change number only grows); parameters from `$first`. */
function markSql(first: number): string {
  return `
INSERT INTO vextrus_sync_marks AS m (machine, ledger_id, stream, mark) VALUES ($${first}, $${first + 1}, $${first + 2}, $${first + 3})
ON CONFLICT (machine, ledger_id, stream) DO UPDATE SET
  mark = CASE WHEN m.stream IN ('requests', 'agent-runs', 'savings') THEN greatest(m.mark, excluded.mark) ELSE excluded.mark END,
  updated_at = now()`;
}

/** The positions of several scopes in one round trip, in the order asked (null: none yet). */
const MARKS_SQL = `
SELECT m.mark::text AS mark
FROM unnest($1::text::text[], $2::text::text[], $3::text::text[]) WITH ORDINALITY AS s(machine, ledger_id, stream, i)
LEFT JOIN vextrus_sync_marks m USING (machine, ledger_id, stream)
ORDER BY s.i`;

/** Deadlock or serialization failure (docs/postgresql.md: writers of overlapping keys): the transaction did nothing and may simply run again. */
const RETRYABLE = new Set(["40P01", "40001"]);

/**
 * The team ledger on PostgreSQL through the `postgres` driver (one connection: a sync is one stream of
 * transactions). Passwords: the URL's (from the environment only), else `PGPASSWORD`, else `~/.pgpass`.
 */
export function openTeamLedger(url: string, options: OpenTeamLedgerOptions = {}): TeamLedger {
  const where = displayUrl(url);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new VextrusTeamError("CONFIG_INVALID", `team ledger ${where}: not a postgres:// URL`, { cause });
  }
  const user = decodeURIComponent(parsed.username) || options.env?.PGUSER || options.env?.USER || "postgres";
  const database = decodeURIComponent(parsed.pathname.slice(1)) || user;
  const port = Number(parsed.port || 5432);
  const password = () =>
    decodeURIComponent(parsed.password) ||
    options.env?.PGPASSWORD ||
    (options.pgpass && pgpassLookup(options.pgpass, { host: parsed.hostname, port, database, user })) ||
    "";
  const sql = postgres(url, {
    user,
    database,
    pass: password,
    max: 1,
    connect_timeout: options.connectTimeoutSeconds ?? 10,
    idle_timeout: 5,
    // Notices ("already exists, skipping") are not the user's business; the driver would print them.
    onnotice: () => {},
    // No JIT: a report sums a few thousand rollup rows, and compiling its plan costs more than running it (about
    // 0.3 s; docs/postgresql.md).
    connection: { application_name: "vextrus", jit: "off" },
  });
  let migrated = false;

  const run = async <T>(work: () => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (attempt < 4 && typeof code === "string" && RETRYABLE.has(code)) continue;
        throw ledgerError(error, where);
      }
    }
  };

  /** The schema's version, undefined when there is none, in one round trip (42P01: the table does not exist). */
  const version = async (): Promise<number | undefined> => {
    try {
      const [v] = await sql`SELECT coalesce(max(version), 0)::int AS version FROM vextrus_schema`;
      return Number(v?.version ?? 0);
    } catch (error) {
      if ((error as { code?: unknown }).code === "42P01") return undefined;
      throw error;
    }
  };

  const ledger: TeamLedger = {
    migrate: () =>
      run(async () => {
        if (migrated) return;
        const found = await version();
        if (found !== undefined && found > SCHEMA_VERSION)
          throw new VextrusTeamError(
            "LEDGER_SCHEMA",
            `team ledger ${where}: its schema is version ${found}, this Vextrus knows ${SCHEMA_VERSION}; upgrade Vextrus on this machine`,
          );
        if (found === SCHEMA_VERSION) {
          migrated = true;
          return;
        }
        try {
          await sql.begin(async (tx) => {
            // One migrator at a time: a second machine waits, then finds the work done.
            await tx`SELECT pg_advisory_xact_lock(hashtext('vextrus_schema'))`;
            await tx`CREATE TABLE IF NOT EXISTS vextrus_schema (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`;
            const [row] = await tx`SELECT coalesce(max(version), 0)::int AS version FROM vextrus_schema`;
            const at = Number(row?.version ?? 0);
            for (const migration of MIGRATIONS) {
              if (migration.version <= at) continue;
              await tx.unsafe(migration.sql);
              await tx`INSERT INTO vextrus_schema (version) VALUES (${migration.version})`;
            }
          });
        } catch (error) {
          if ((error as { code?: unknown }).code === "42501")
            throw new VextrusTeamError(
              "LEDGER_SCHEMA",
              `team ledger ${where}: the schema is ${found === undefined ? "not created yet" : `at version ${found}, this Vextrus needs ${SCHEMA_VERSION}`} and this role may not create tables; run \`vextrus sync\` once as the database's owner`,
              { cause: error },
            );
          throw error;
        }
        migrated = true;
      }),

    marks: (scopes) =>
      run(async () => {
        if (scopes.length === 0) return [];
        const rows = await sql.unsafe(MARKS_SQL, [
          textArray(scopes.map((x) => x.machine)),
          textArray(scopes.map((x) => x.ledgerId)),
          textArray(scopes.map((x) => x.stream)),
        ]);
        return rows.map((r) => (r.mark === null ? 0 : Number(r.mark)));
      }),

    pushRequests: (batch: RequestColumns, labels: TeamLabels, scope: SyncScope, to: number) => {
      const params = pushParams(batch, labels, scope, to);
      // Sent at once (execute), not when first awaited: the caller reads its next batch while the server writes.
      return run(async () => {
        const [row] = await sql.unsafe(PUSH_SQL, params as never[]).execute();
        return Number(row?.changed ?? 0);
      });
    },

    pushAgentTypes: (types, scope, digest) =>
      run(async () => {
        // Agents whose type is new or changed: their requests already in the ledger move to the right row.
        await sql.unsafe(PUSH_TYPES_SQL, [
          textArray([...types.keys()]),
          textArray([...types.values()]),
          scope.machine,
          scope.ledgerId,
          scope.stream,
          digest,
        ]);
      }),

    pushAgentRuns: (runs, labels, scope, to) =>
      run(async () => {
        const [row] = await sql.unsafe(PUSH_RUNS_SQL, [
          runs.id,
          runs.sessionId,
          runs.project,
          runs.agentType,
          runs.model,
          runs.started,
          runs.ended,
          runs.status,
          // As the requests' sidechain flag: the driver sends a boolean array as one boolean.
          runs.background.map((x) => (x ? 1 : 0)),
          runs.requests,
          runs.costPico,
          runs.unpriced.map((x) => (x ? 1 : 0)),
          labels.user,
          labels.machine,
          scope.machine,
          scope.ledgerId,
          scope.stream,
          to,
        ] as never[]);
        return Number(row?.changed ?? 0);
      }),

    pushSavings: (savings, labels, scope, to) =>
      run(async () => {
        const [row] = await sql.unsafe(PUSH_SAVINGS_SQL, [
          savings.id,
          savings.kind,
          savings.agentType,
          savings.sessionId,
          savings.timestamp,
          savings.savedPico,
          savings.savedMs,
          savings.model,
          savings.baselineModel,
          labels.user,
          labels.machine,
          labels.project,
          scope.machine,
          scope.ledgerId,
          scope.stream,
          to,
        ] as never[]);
        return Number(row?.changed ?? 0);
      }),

    report: (query: TeamQuery) =>
      run(async () => {
        const { text, params } = teamReportSql(query);
        const rows = await sql.unsafe(text, params as never[]);
        return rows.map(
          (r): TeamRow => ({
            key: String(r.key),
            model: String(r.model),
            user: r.user_name ?? null,
            machine: r.machine ?? null,
            requests: Number(r.requests),
            unpricedRequests: Number(r.unpriced),
            input: Number(r.input),
            output: Number(r.output),
            cacheWrite5m: Number(r.cache_write_5m),
            cacheWrite1h: Number(r.cache_write_1h),
            cacheRead: Number(r.cache_read),
            costPico: BigInt(r.cost_pico),
            first: new Date(r.first).toISOString(),
            last: new Date(r.last).toISOString(),
          }),
        );
      }),

    savingsReport: (query) =>
      run(async () => {
        const { text, params } = teamSavingsSql(query);
        const rows = await sql.unsafe(text, params as never[]);
        return rows.map((r) => ({
          kind: String(r.kind),
          runs: Number(r.runs),
          savedPico: BigInt(r.saved_pico),
          savedMs: Number(r.saved_ms),
        }));
      }),

    agentRunsReport: (query) =>
      run(async () => {
        const { text, params } = teamAgentRunsSql(query);
        const rows = await sql.unsafe(text, params as never[]);
        return rows.map((r) => ({
          agentType: String(r.agent_type),
          runs: Number(r.runs),
          requests: Number(r.requests),
          costPico: BigInt(r.cost_pico),
          unpricedRuns: Number(r.unpriced),
          durationMs: Number(r.duration_ms),
          failed: Number(r.failed),
          background: Number(r.background),
        }));
      }),

    close: async () => {
      await sql.end({ timeout: 5 });
    },
  };
  return ledger;
}
