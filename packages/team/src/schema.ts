/**
 * The team ledger's schema, as numbered migrations applied in order and recorded in `vextrus_schema`. A ledger at
 * a higher version than this list knows is refused (an older Vextrus must not write to a newer layout).
 *
 * The hourly rollup keeps month and day totals fast over millions of requests: a statement trigger adds what each
 * insert or update changed (new rows minus old rows), so the rollup always equals the requests it summarises. The
 * triggers run as the schema's owner (SECURITY DEFINER), so a least-privilege role that may only write requests
 * still keeps the rollup right; rows are touched in key order so two machines syncing at once do not deadlock.
 * Why the triggers see exactly the inserted and the updated rows of an upsert: docs/postgresql.md.
 */
export const MIGRATIONS: readonly { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
CREATE TABLE vextrus_requests (
  key text PRIMARY KEY,
  ts timestamptz NOT NULL,
  model text NOT NULL,
  input bigint NOT NULL,
  output bigint NOT NULL,
  cache_write_5m bigint NOT NULL,
  cache_write_1h bigint NOT NULL,
  cache_read bigint NOT NULL,
  web_searches integer NOT NULL DEFAULT 0,
  speed text,
  geo text,
  project text NOT NULL,
  session_id text NOT NULL,
  agent_id text,
  sidechain boolean NOT NULL,
  agent text NOT NULL,
  cost_pico bigint,
  user_name text NOT NULL,
  machine text NOT NULL,
  synced_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX vextrus_requests_ts ON vextrus_requests (ts);
CREATE INDEX vextrus_requests_agent ON vextrus_requests (agent_id) WHERE agent_id IS NOT NULL;
CREATE TABLE vextrus_agent_types (
  agent_id text PRIMARY KEY,
  agent_type text NOT NULL
);
CREATE TABLE vextrus_sync_marks (
  machine text NOT NULL,
  ledger_id text NOT NULL,
  stream text NOT NULL,
  mark bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (machine, ledger_id, stream)
);
CREATE TABLE vextrus_hourly (
  hour timestamptz NOT NULL,
  user_name text NOT NULL,
  machine text NOT NULL,
  model text NOT NULL,
  agent text NOT NULL,
  requests bigint NOT NULL,
  unpriced bigint NOT NULL,
  input numeric NOT NULL,
  output numeric NOT NULL,
  cache_write_5m numeric NOT NULL,
  cache_write_1h numeric NOT NULL,
  cache_read numeric NOT NULL,
  cost_pico numeric NOT NULL,
  PRIMARY KEY (hour, user_name, machine, model, agent)
);
CREATE FUNCTION vextrus_rollup_insert() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT AS $fn$
BEGIN
  INSERT INTO vextrus_hourly AS h
  SELECT date_trunc('hour', ts), user_name, machine, model, agent, count(*), count(*) FILTER (WHERE cost_pico IS NULL),
    sum(input), sum(output), sum(cache_write_5m), sum(cache_write_1h), sum(cache_read), coalesce(sum(cost_pico), 0)
  FROM vextrus_new GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (hour, user_name, machine, model, agent) DO UPDATE SET
    requests = h.requests + excluded.requests, unpriced = h.unpriced + excluded.unpriced,
    input = h.input + excluded.input, output = h.output + excluded.output,
    cache_write_5m = h.cache_write_5m + excluded.cache_write_5m,
    cache_write_1h = h.cache_write_1h + excluded.cache_write_1h,
    cache_read = h.cache_read + excluded.cache_read, cost_pico = h.cost_pico + excluded.cost_pico;
  RETURN NULL;
END $fn$;
CREATE FUNCTION vextrus_rollup_update() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT AS $fn$
BEGIN
  INSERT INTO vextrus_hourly AS h
  SELECT date_trunc('hour', ts), user_name, machine, model, agent, sum(n), coalesce(sum(n) FILTER (WHERE cost_pico IS NULL), 0),
    sum(n * input), sum(n * output), sum(n * cache_write_5m), sum(n * cache_write_1h), sum(n * cache_read),
    coalesce(sum(n * cost_pico), 0)
  FROM (SELECT 1 AS n, * FROM vextrus_new UNION ALL SELECT -1 AS n, * FROM vextrus_old) AS d
  GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (hour, user_name, machine, model, agent) DO UPDATE SET
    requests = h.requests + excluded.requests, unpriced = h.unpriced + excluded.unpriced,
    input = h.input + excluded.input, output = h.output + excluded.output,
    cache_write_5m = h.cache_write_5m + excluded.cache_write_5m,
    cache_write_1h = h.cache_write_1h + excluded.cache_write_1h,
    cache_read = h.cache_read + excluded.cache_read, cost_pico = h.cost_pico + excluded.cost_pico;
  RETURN NULL;
END $fn$;
CREATE TRIGGER vextrus_requests_rollup_insert AFTER INSERT ON vextrus_requests
  REFERENCING NEW TABLE AS vextrus_new FOR EACH STATEMENT EXECUTE FUNCTION vextrus_rollup_insert();
CREATE TRIGGER vextrus_requests_rollup_update AFTER UPDATE ON vextrus_requests
  REFERENCING OLD TABLE AS vextrus_old NEW TABLE AS vextrus_new FOR EACH STATEMENT EXECUTE FUNCTION vextrus_rollup_update();
`,
  },
  {
    // Subagent runs as the local ledger reads them from the transcripts (cost's storedAgentRuns), keyed by the
    // Agent call's tool_use_id (or `agent:<id>`): pushed again, a run replaces its earlier copy. No prompt text.
    version: 2,
    sql: `
CREATE TABLE vextrus_agent_runs (
  id text PRIMARY KEY,
  user_name text NOT NULL,
  machine text NOT NULL,
  session_id text NOT NULL,
  project text NOT NULL,
  agent_type text NOT NULL,
  model text NOT NULL,
  started timestamptz NOT NULL,
  ended timestamptz NOT NULL,
  status text NOT NULL,
  background boolean NOT NULL,
  requests integer NOT NULL,
  cost_pico numeric NOT NULL,
  unpriced boolean NOT NULL
);
CREATE INDEX vextrus_agent_runs_started ON vextrus_agent_runs (started);
`,
  },
  {
    // Realised savings as @vextrus/metrics records them in each project (a cache hit, a routed run), keyed by the
    // run's id: recorded again, a saving replaces its copy.
    version: 3,
    sql: `
CREATE TABLE vextrus_savings (
  id text PRIMARY KEY,
  user_name text NOT NULL,
  machine text NOT NULL,
  project text NOT NULL,
  kind text NOT NULL,
  agent_type text NOT NULL,
  session_id text NOT NULL,
  ts timestamptz NOT NULL,
  saved_pico numeric NOT NULL,
  saved_ms bigint NOT NULL,
  model text,
  baseline_model text
);
CREATE INDEX vextrus_savings_ts ON vextrus_savings (ts);
`,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

/** The ledger tables, for the least-privilege grants (README) and the checks that a role may use them. */
export const LEDGER_TABLES = Object.freeze([
  "vextrus_schema",
  "vextrus_requests",
  "vextrus_sync_marks",
  "vextrus_hourly",
  "vextrus_agent_types",
  "vextrus_agent_runs",
  "vextrus_savings",
] as const);
