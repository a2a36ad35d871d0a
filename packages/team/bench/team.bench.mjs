// The team ledger's speed on a real PostgreSQL: a cold sync of N requests (default 1,000,000; target <= 30 s on
// two cores), an incremental sync after one session (target <= 200 ms plus round trips), and a monthly team report
// over M requests (default 10,000,000; target <= 1 s). Needs VEXTRUS_TEST_PG_URL (scripts/test-postgres start);
// each part makes its own database. Build first (`pnpm --filter @vextrus/team build`).
// The local ledger is a year of one heavy user's work: 500-request sessions (a request every 10 s) about 4.4 hours
// apart, so a day holds about 2,700 requests; --dense packs the same requests one a second (11.5 days for a
// million: 86,400 a day, the shape of the figures before it).
//   node bench/team.bench.mjs [--requests N] [--big M] [--skip-big] [--skip-sync] [--dense]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createPriceBook } from "@vextrus/cost";
import { openSqliteUsageStore } from "@vextrus/cost/node";
import postgres from "postgres";
import { sync } from "../dist/index.js";
import { openTeamLedger } from "../dist/node.js";

const { values } = parseArgs({
  options: {
    requests: { type: "string", default: "1000000" },
    big: { type: "string", default: "10000000" },
    "skip-big": { type: "boolean", default: false },
    dense: { type: "boolean", default: false },
    "skip-sync": { type: "boolean", default: false },
  },
});
const base = process.env.VEXTRUS_TEST_PG_URL;
if (!base) {
  console.error('bench: set VEXTRUS_TEST_PG_URL (eval "$(bash scripts/test-postgres start)")');
  process.exit(2);
}
const book = createPriceBook();
const labels = { user: "ana", machine: "laptop" };
const MODELS = ["claude-opus-4-1-20250805", "claude-sonnet-4-5-20250929", "claude-haiku-4-5"];

async function database(name) {
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS ${name}`);
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

const YEAR_MS = 365 * 86_400_000;
/** Session i's first request's time, and the gap between its requests. */
function when(i, sessions, start) {
  if (values.dense) return { first: start + i * 500 * 1000, step: 1000 };
  return { first: start + Math.floor((i * YEAR_MS) / sessions), step: 10_000 };
}

function session(i, n, start, sessions) {
  const out = [];
  const { first, step } = when(i, sessions, start);
  for (let j = 0; j < n; j++) {
    const k = i * 500 + j; // unique keys whatever the session's size
    out.push({
      key: `msg_${k.toString(36)}:req_${k.toString(36)}`,
      timestamp: new Date(first + j * step).toISOString(),
      sessionId: `s${i}`,
      project: `-home-me-p${i % 7}`,
      model: MODELS[k % 3],
      agentId: k % 4 === 0 ? `a${i}` : null,
      sidechain: k % 4 === 0,
      input: 10 + (k % 500),
      output: 100 + (k % 3000),
      cacheWrite5m: k % 2000,
      cacheWrite1h: k % 300,
      cacheRead: 20_000 + (k % 50_000),
      speed: null,
      geo: k % 5 === 0 ? "us" : null,
      webSearches: 0,
    });
  }
  return out;
}

async function syncFigures() {
  const n = Number(values.requests);
  const perSession = 500;
  const local = openSqliteUsageStore(join(dir, "ledger.db"));
  let t0 = performance.now();
  const start = Date.UTC(2025, 9, 1);
  const sessions = n / perSession;
  for (let i = 0; i < sessions; i++) local.addUsage(session(i, perSession, start, sessions), `f${i}.jsonl`);
  console.log(`local ledger: ${n} requests written in ${seconds(t0)} s (not part of the figures)`);

  const url = await database("vextrus_bench_sync");
  let ledger = openTeamLedger(url);
  t0 = performance.now();
  const cold = await sync(local, ledger, { labels, book });
  console.log(
    `cold sync: ${cold.sent} requests in ${cold.batches} batches, ${seconds(t0)} s (target <= 30 s)`,
  );
  await ledger.close();

  // Three more sessions, each followed by a sync from a new process's point of view (as the SessionEnd push):
  // connect and check the schema (login, one round trip), then the sync itself (the positions in one round trip,
  // the new batch in one, the subagent runs in one, after reading a day of the local ledger for them).
  const figures = [];
  for (let round = 0; round < 3; round++) {
    local.addUsage(session(sessions + round, 300, start, sessions), `new-session-${round}.jsonl`);
    t0 = performance.now();
    ledger = openTeamLedger(url);
    await ledger.migrate();
    const connectMs = performance.now() - t0;
    const t1 = performance.now();
    const inc = await sync(local, ledger, { labels, book });
    const syncMs = performance.now() - t1;
    await ledger.close();
    figures.push({ sent: inc.sent, runs: inc.agentRuns.sent, connectMs, syncMs });
  }
  const rtt = postgres(url, { max: 1 });
  await rtt`SELECT 1`;
  const r0 = performance.now();
  for (let i = 0; i < 20; i++) await rtt`SELECT 1`;
  const roundTrip = (performance.now() - r0) / 20;
  await rtt.end();
  for (const f of figures)
    console.log(
      `incremental sync: ${f.sent} requests, ${f.runs} runs, ${(f.connectMs + f.syncMs).toFixed(0)} ms = connect and schema check ${f.connectMs.toFixed(0)} ms + sync ${f.syncMs.toFixed(0)} ms (4 round trips; one SELECT 1 here ${roundTrip.toFixed(2)} ms) (target <= 200 ms + round trips)`,
    );
  local.close();
}

const seconds = (t0) => ((performance.now() - t0) / 1000).toFixed(2);
const dir = mkdtempSync(join(tmpdir(), "vextrus-team-bench-"));
try {
  if (!values["skip-sync"]) await syncFigures();

  if (!values["skip-big"]) {
    const m = Number(values.big);
    const bigUrl = await database("vextrus_bench_big");
    let ledger = openTeamLedger(bigUrl);
    await ledger.migrate();
    await ledger.close();
    // Rows made by the server (generate_series): a year of a team's work, 8 people on 2 machines each, office
    // hours on 250 days, one main model a day per person, 70% of requests in the main thread, the rest in 4 agent
    // types. The rollup triggers are off while loading (the load would take minutes) and the rollup is then built
    // by one aggregate of the same shape; the sync tests prove the triggers keep it equal to the requests.
    const sql = postgres(bigUrl, { max: 1, onnotice: () => {} });
    let t0 = performance.now();
    await sql.unsafe("ALTER TABLE vextrus_requests DISABLE TRIGGER USER");
    const chunk = 1_000_000;
    for (let from = 0; from < m; from += chunk) {
      await sql.unsafe(`
        INSERT INTO vextrus_requests (key, ts, model, input, output, cache_write_5m, cache_write_1h, cache_read,
          project, session_id, agent_id, sidechain, agent, cost_pico, user_name, machine)
        SELECT 'k' || g, timestamptz '2026-01-05 09:00Z' + (d * 7 / 5) * interval '1 day'
            + ((g / 8) % 8) * interval '1 hour' + (g % 3600) * interval '1 second',
          (ARRAY['claude-opus-4-1','claude-sonnet-4-5','claude-haiku-4-5'])[1 + (u + d) % 3], 10 + g % 500,
          100 + g % 3000, g % 2000, g % 300, 20000 + g % 50000, '-home-me-p' || u, 's' || u || '-' || d, NULL, false,
          CASE WHEN g % 10 < 7 THEN 'main' ELSE (ARRAY['Explore','code-reviewer','general-purpose','Plan'])[1 + g % 4] END,
          1000000 + g % 100000000, 'u' || u, 'm' || (u * 2 + d % 2)
        FROM (SELECT g, g % 8 AS u, (g / 64) % 250 AS d FROM generate_series(${from}, ${Math.min(m, from + chunk) - 1}) AS g) AS x`);
    }
    await sql.unsafe("ALTER TABLE vextrus_requests ENABLE TRIGGER USER");
    await sql.unsafe(`
      INSERT INTO vextrus_hourly
      SELECT date_trunc('hour', ts), user_name, machine, model, agent, count(*), count(*) FILTER (WHERE cost_pico IS NULL),
        sum(input), sum(output), sum(cache_write_5m), sum(cache_write_1h), sum(cache_read), coalesce(sum(cost_pico), 0)
      FROM vextrus_requests GROUP BY 1, 2, 3, 4, 5`);
    await sql.unsafe("VACUUM ANALYZE vextrus_hourly");
    await sql.unsafe("VACUUM ANALYZE vextrus_requests");
    const [{ n }] = await sql`SELECT count(*)::int AS n FROM vextrus_hourly`;
    await sql.end();
    console.log(
      `big ledger: ${m} requests and ${n} rollup rows made in ${seconds(t0)} s (not part of the figures)`,
    );
    ledger = openTeamLedger(bigUrl);
    await ledger.migrate();
    for (const [name, query] of [
      ["monthly, whole year", { groupBy: "month", timezone: "Europe/Berlin" }],
      ["monthly by member", { groupBy: "month", timezone: "Europe/Berlin", byMember: true }],
      [
        "daily, one month",
        { groupBy: "day", timezone: "Europe/Berlin", since: "2026-11-01", until: "2026-11-30" },
      ],
      [
        "monthly, Kolkata (its midnight's hour from the requests, none at that hour here)",
        { groupBy: "month", timezone: "Asia/Kolkata", since: "2026-11-01", until: "2026-11-30" },
      ],
      [
        "daily, one month, Adelaide (its midnight's hour, in the office hours here, from the requests)",
        { groupBy: "day", timezone: "Australia/Adelaide", since: "2026-11-01", until: "2026-11-30" },
      ],
    ]) {
      t0 = performance.now();
      const rows = await ledger.report(query);
      console.log(
        `report ${name} over ${m} requests: ${rows.length} rows in ${(performance.now() - t0).toFixed(0)} ms (target <= 1 s)`,
      );
    }
    await ledger.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
