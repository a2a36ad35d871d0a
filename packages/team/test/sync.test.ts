import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  createMemoryUsageStore,
  createPriceBook,
  storedAgentRuns,
  summarizeUsage,
  type UsageRecord,
  type UsageStore,
} from "@vextrus/cost";
import { ingestClaudeTranscripts, openSqliteUsageStore } from "@vextrus/cost/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sync, type TeamLedger, type TeamRow } from "../src/index.js";
import { openTeamLedger } from "../src/node.js";
import { admin, freshDatabase, pgUrl } from "./pg.js";
import { request, requests } from "./records.js";

const here = dirname(fileURLToPath(import.meta.url));
const book = createPriceBook();
const A = { user: "ana", machine: "laptop" };
const B = { user: "ana", machine: "server" };

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "vextrus-team-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
/** A local ledger (a real SQLite file) holding `records`, added in several ingest batches as files would be. */
function localLedger(records: readonly UsageRecord[], batches = 5): UsageStore {
  const store = openSqliteUsageStore(join(dir, `ledger-${n++}.db`));
  const size = Math.ceil(records.length / batches);
  for (let i = 0; i < records.length; i += size) store.addUsage(records.slice(i, i + size), `f${i}.jsonl`);
  return store;
}

/**
 * Two machines that overlap the way transcripts do: the same session copied to both (shared keys), a resumed
 * session (the laptop holds a streamed message's early line, the server its last one, and the reverse), and a
 * request under two session ids.
 */
function scenario(seed: number) {
  const base = requests(300, seed);
  const a = base.slice(0, 200).map((r, i) => (i >= 100 && i % 3 === 0 ? { ...r, output: 1 } : r));
  const b = base.slice(100).map((r, i) => {
    if (i < 100 && i % 5 === 0) return { ...r, sessionId: `${r.sessionId}-resumed` };
    if (i < 100 && i % 7 === 1) return { ...r, output: Math.max(1, r.output - 50) };
    return r;
  });
  const truth = createMemoryUsageStore();
  truth.addUsage(a);
  truth.addUsage(b);
  return { a, b, union: truth.usage() };
}

function totals(rows: readonly TeamRow[]) {
  let cost = 0n;
  let requests = 0;
  let tokens = 0;
  for (const r of rows) {
    cost += r.costPico;
    requests += r.requests;
    tokens += r.input + r.output + r.cacheWrite5m + r.cacheWrite1h + r.cacheRead;
  }
  return { cost, requests, tokens };
}

/** The team report as key → cost, tokens, requests, for comparing with a local report. */
function byKey(rows: readonly TeamRow[]) {
  const out = new Map<string, { cost: bigint; requests: number; tokens: number }>();
  for (const r of rows) {
    const t = out.get(r.key) ?? { cost: 0n, requests: 0, tokens: 0 };
    t.cost += r.costPico;
    t.requests += r.requests;
    t.tokens += r.input + r.output + r.cacheWrite5m + r.cacheWrite1h + r.cacheRead;
    out.set(r.key, t);
  }
  return out;
}

function localByKey(
  records: readonly UsageRecord[],
  groupBy: "day" | "week" | "month" | "model" | "agent",
  types?: Map<string, string>,
  window: { timezone?: string; since?: string; until?: string } = {},
) {
  const report = summarizeUsage(records, {
    groupBy,
    book,
    timezone: "Europe/Berlin",
    ...(types && { agentTypes: types }),
    ...window,
  });
  return new Map(
    report.groups.map((g) => [g.key, { cost: g.costPico, requests: g.requests, tokens: g.tokens.total }]),
  );
}

describe.skipIf(!pgUrl)("sync to a real PostgreSQL ledger", () => {
  async function withLedger<T>(work: (url: string, ledger: TeamLedger) => Promise<T>): Promise<T> {
    const { url } = await freshDatabase();
    const ledger = openTeamLedger(url);
    try {
      return await work(url, ledger);
    } finally {
      await ledger.close();
    }
  }

  const orders: Array<[string, (a: UsageStore, b: UsageStore, url: string) => Promise<void>]> = [
    [
      "laptop then server",
      async (a, b, url) => {
        const l = openTeamLedger(url);
        await sync(a, l, { labels: A, book, batchSize: 30 });
        await sync(b, l, { labels: B, book, batchSize: 30 });
        await l.close();
      },
    ],
    [
      "server then laptop",
      async (a, b, url) => {
        const l = openTeamLedger(url);
        await sync(b, l, { labels: B, book, batchSize: 30 });
        await sync(a, l, { labels: A, book, batchSize: 30 });
        await l.close();
      },
    ],
    [
      "both at once, interleaved",
      async (a, b, url) => {
        const la = openTeamLedger(url);
        const lb = openTeamLedger(url);
        await Promise.all([
          sync(a, la, { labels: A, book, batchSize: 20 }),
          sync(b, lb, { labels: B, book, batchSize: 20 }),
        ]);
        await Promise.all([la.close(), lb.close()]);
      },
    ],
  ];

  for (const [name, run] of orders) {
    it(`counts every request once: ${name}`, async () => {
      const { a, b, union } = scenario(7);
      const la = localLedger(a);
      const lb = localLedger(b);
      await withLedger(async (url, ledger) => {
        await run(la, lb, url);
        // Running both again changes nothing: idempotent by key.
        await run(la, lb, url);
        for (const groupBy of ["day", "month", "model"] as const) {
          const team = await ledger.report({ groupBy, timezone: "Europe/Berlin" });
          expect(byKey(team)).toEqual(localByKey(union, groupBy));
        }
        const all = totals(await ledger.report({ groupBy: "model", timezone: "UTC" }));
        expect(all.requests).toBe(union.length);
      });
      la.close();
      lb.close();
    });
  }

  it("stores any text a transcript may hold exactly: quotes, backslashes, braces, commas, NULL, newlines", async () => {
    const odd = ['a"b', "c\\d", "{e,f}", "NULL", "", "g\nh\ti", " j ", "ü 日本 🙂", 'k\\"l'];
    const records = odd.map((text, i) =>
      request(`odd${i}:${text}`, {
        project: text,
        sessionId: `s-${text}`,
        agentId: i % 2 === 0 ? text : null,
        sidechain: i % 2 === 0,
        geo: i % 3 === 0 ? null : text,
      }),
    );
    const local = localLedger(records, 2);
    await withLedger(async (url, ledger) => {
      await sync(local, ledger, { labels: A, book, batchSize: 4 });
      const rows = await admin(
        (sql) =>
          sql`SELECT key, project, session_id, agent_id, sidechain, geo FROM vextrus_requests ORDER BY key`,
        new URL(url).pathname.slice(1),
      );
      expect(rows.map((r) => [r.key, r.project, r.session_id, r.agent_id, r.sidechain, r.geo])).toEqual(
        [...records]
          .sort((x, y) => (x.key < y.key ? -1 : 1))
          // An empty agent id or geo is none to the local ledger (it keeps them as null), and so to the team's.
          .map((r) => [r.key, r.project, r.sessionId, r.agentId || null, r.sidechain, r.geo || null]),
      );
    });
    local.close();
  });

  it("answers the same from the hourly rollup as from the requests themselves", async () => {
    const { a, b } = scenario(11);
    const la = localLedger(a);
    const lb = localLedger(b);
    await withLedger(async (_url, ledger) => {
      await sync(la, ledger, { labels: A, book });
      await sync(lb, ledger, { labels: B, book });
      // Kolkata (+05:30) and Kathmandu (+05:45): their midnights fall inside the rollup's hours, whose requests are
      // read instead; the windowed day reports start and end inside such hours.
      for (const timezone of ["America/New_York", "Asia/Kolkata", "Asia/Kathmandu"])
        for (const window of [{}, { since: "2026-10-20", until: "2026-11-03" }])
          for (const groupBy of ["day", "week", "month", "model", "user", "machine"] as const) {
            const fromRollup = await ledger.report({ groupBy, timezone, byMember: true, ...window });
            // A project filter that matches everything sends the query to vextrus_requests instead.
            const fromRequests = await ledger.report({
              groupBy,
              timezone,
              byMember: true,
              project: "",
              ...window,
            });
            const strip = (rows: TeamRow[]) => rows.map(({ first: _f, last: _l, ...rest }) => rest);
            expect(strip(fromRollup)).toEqual(strip(fromRequests));
          }
      const kolkata = await ledger.report({ groupBy: "day", timezone: "Asia/Kolkata" });
      expect(totals(kolkata).requests).toBe(a.length + b.length - 100);
    });
    la.close();
    lb.close();
  });

  it("answers as the local report does when the server's own zone puts the rollup's buckets off the UTC hour", async () => {
    const { a, b, union } = scenario(17);
    const la = localLedger(a);
    const lb = localLedger(b);
    const { url, name } = await freshDatabase();
    // The triggers truncate to the hour in the session's zone: here each bucket starts at :30 UTC.
    await admin((sql) => sql.unsafe(`ALTER DATABASE ${name} SET TimeZone = 'Asia/Kolkata'`));
    const ledger = openTeamLedger(url);
    try {
      await sync(la, ledger, { labels: A, book });
      await sync(lb, ledger, { labels: B, book });
      const [bucket] = await admin(
        (sql) =>
          sql`SELECT extract(minute FROM hour AT TIME ZONE 'UTC')::int AS minute FROM vextrus_hourly LIMIT 1`,
        name,
      );
      expect(bucket?.minute).toBe(30);
      for (const timezone of ["Europe/Berlin", "UTC"]) {
        const window = { timezone, since: "2026-10-31", until: "2026-11-08" };
        expect(byKey(await ledger.report({ groupBy: "day", ...window }))).toEqual(
          localByKey(union, "day", undefined, window),
        );
        expect(byKey(await ledger.report({ groupBy: "month", timezone }))).toEqual(
          localByKey(union, "month", undefined, { timezone }),
        );
      }
    } finally {
      await ledger.close();
    }
    la.close();
    lb.close();
  });

  it("answers weeks and day windows as the local report does, in a half-hour zone too", async () => {
    const { a, b, union } = scenario(13);
    const la = localLedger(a);
    const lb = localLedger(b);
    await withLedger(async (_url, ledger) => {
      await sync(la, ledger, { labels: A, book });
      await sync(lb, ledger, { labels: B, book });
      for (const timezone of ["Europe/Berlin", "Asia/Kolkata", "Pacific/Auckland"]) {
        const window = { timezone, since: "2026-10-31", until: "2026-11-08" };
        const weeks = await ledger.report({ groupBy: "week", ...window });
        expect(byKey(weeks)).toEqual(localByKey(union, "week", undefined, window));
        const days = await ledger.report({ groupBy: "day", ...window });
        expect(byKey(days)).toEqual(localByKey(union, "day", undefined, window));
        expect(days.length).toBeGreaterThan(0);
      }
      await expect(ledger.report({ groupBy: "day", timezone: "UTC", since: "20261101" })).rejects.toThrow(
        /since: expected a day as YYYY-MM-DD/,
      );
    });
    la.close();
    lb.close();
  });

  it("replaces a streamed message's smaller copy with the larger one that arrives later, and keeps the rollup right", async () => {
    const early = request("msg1:req1", { output: 2 });
    const local = localLedger([early, request("msg2:req2")], 1);
    await withLedger(async (_url, ledger) => {
      await sync(local, ledger, { labels: A, book });
      local.addUsage([{ ...early, output: 1502 }], "f-late.jsonl");
      const second = await sync(local, ledger, { labels: A, book });
      expect(second.sent).toBe(1);
      expect(second.changed).toBe(1);
      const rows = await ledger.report({ groupBy: "model", timezone: "UTC" });
      expect(totals(rows).requests).toBe(2);
      expect(rows[0]?.output).toBe(1502 + 100);
      const raw = await ledger.report({ groupBy: "model", timezone: "UTC", project: "" });
      expect(raw[0]?.costPico).toBe(rows[0]?.costPico);
      // The smaller copy from another machine changes nothing.
      const other = localLedger([early], 1);
      const third = await sync(other, ledger, { labels: B, book });
      expect(third.changed).toBe(0);
      expect((await ledger.report({ groupBy: "model", timezone: "UTC" }))[0]?.output).toBe(1602);
      other.close();
    });
    local.close();
  });

  it("labels each request with the machine that pushed it first and filters by user and machine", async () => {
    const { a, b } = scenario(3);
    const la = localLedger(a);
    const lb = localLedger(b);
    await withLedger(async (_url, ledger) => {
      await sync(la, ledger, { labels: A, book });
      await sync(lb, ledger, { labels: B, book });
      const machines = await ledger.report({ groupBy: "machine", timezone: "UTC" });
      expect(byKey(machines).get("laptop")?.requests).toBe(200);
      expect(byKey(machines).get("server")?.requests).toBe(100);
      const server = await ledger.report({ groupBy: "day", timezone: "UTC", machine: "server" });
      expect(totals(server).requests).toBe(100);
      const nobody = await ledger.report({ groupBy: "day", timezone: "UTC", user: "bob" });
      expect(nobody).toEqual([]);
    });
    la.close();
    lb.close();
  });

  it("learns a subagent's type from any machine, even after its requests were pushed", async () => {
    const { a, b, union } = scenario(5);
    const la = localLedger(a);
    const lb = localLedger(b);
    await withLedger(async (_url, ledger) => {
      await sync(la, ledger, { labels: A, book });
      await sync(lb, ledger, { labels: B, book });
      // Later the laptop reads the meta files that name two agents' types; the server never does.
      la.setAgentType("ag1", "Explore");
      la.setAgentType("ag2", "code-reviewer");
      await sync(la, ledger, { labels: A, book });
      const team = await ledger.report({ groupBy: "agent", timezone: "UTC" });
      const types = new Map([
        ["ag1", "Explore"],
        ["ag2", "code-reviewer"],
      ]);
      expect(byKey(team)).toEqual(localByKey(union, "agent", types));
      expect([...byKey(team).keys()].sort()).toEqual([
        "Explore",
        "code-reviewer",
        "main",
        "unknown-subagent",
      ]);
    });
    la.close();
    lb.close();
  });

  it("pushes the subagent runs read from the transcripts once each, keyed by tool_use_id, without their prompts", async () => {
    const sample = join(here, "..", "..", "cost", "test", "fixtures", "sample", "projects");
    const laptop = openSqliteUsageStore(join(dir, `ledger-${n++}.db`));
    const server = openSqliteUsageStore(join(dir, `ledger-${n++}.db`));
    // The same transcripts on two machines (a copied session): each run is one row.
    for (const store of [laptop, server]) await ingestClaudeTranscripts({ projectDirs: [sample], store });
    const local = storedAgentRuns(laptop, book).runs;
    expect(local.length).toBeGreaterThan(0);
    await withLedger(async (url, ledger) => {
      const first = await sync(laptop, ledger, { labels: A, book });
      expect(first.agentRuns).toEqual({ sent: local.length, changed: local.length });
      // Again, and from the other machine: sent again (they start within a day of the newest), nothing changes.
      expect((await sync(laptop, ledger, { labels: A, book })).agentRuns).toEqual({
        sent: local.length,
        changed: 0,
      });
      expect((await sync(server, ledger, { labels: B, book })).agentRuns).toEqual({
        sent: local.length,
        changed: 0,
      });
      const rows = await admin(
        (sql) =>
          sql`SELECT id, agent_type, status, requests, cost_pico::text AS cost, machine, started FROM vextrus_agent_runs ORDER BY id`,
        new URL(url).pathname.slice(1),
      );
      expect(rows.map((r) => [r.id, r.agent_type, r.status, r.requests, BigInt(r.cost), r.machine])).toEqual(
        [...local]
          .sort((x, y) => (x.id < y.id ? -1 : 1))
          .map((r) => [r.id, r.agentType, r.status, r.requests.length, r.costPico, A.machine]),
      );
      const columns = await admin(
        (sql) =>
          sql`SELECT column_name FROM information_schema.columns WHERE table_name = 'vextrus_agent_runs'`,
        new URL(url).pathname.slice(1),
      );
      expect(columns.map((c) => c.column_name)).not.toContain("prompt");
      // Summed by type in SQL: the same counts, requests, cost and time as the machine's own runs.
      const byType = new Map<string, { runs: number; requests: number; cost: bigint; ms: number }>();
      for (const r of local) {
        const t = byType.get(r.agentType) ?? { runs: 0, requests: 0, cost: 0n, ms: 0 };
        t.runs++;
        t.requests += r.requests.length;
        t.cost += r.costPico;
        t.ms += r.durationMs;
        byType.set(r.agentType, t);
      }
      const report = await ledger.agentRunsReport({ timezone: "UTC" });
      expect(
        new Map(
          report.map((r) => [
            r.agentType,
            { runs: r.runs, requests: r.requests, cost: r.costPico, ms: r.durationMs },
          ]),
        ),
      ).toEqual(byType);
      expect(report.map((r) => r.costPico)).toEqual(
        [...report.map((r) => r.costPico)].sort((a, b) => (b > a ? 1 : b < a ? -1 : 0)),
      );
      expect(await ledger.agentRunsReport({ timezone: "UTC", machine: B.machine })).toEqual([]);
      expect(
        await ledger.agentRunsReport({ timezone: "UTC", since: "2000-01-01", until: "2000-01-02" }),
      ).toEqual([]);
    });
    laptop.close();
    server.close();
  });

  it("sums every machine's savings by kind in SQL, by local day, user and machine", async () => {
    const saving = (id: string, kind: string, timestamp: string, savedPico: bigint, savedMs: number) => ({
      id,
      kind,
      agentType: "Explore",
      sessionId: "s1",
      timestamp,
      savedPico,
      savedMs,
    });
    const laptop = [
      saving("l1", "cache", "2026-11-01T10:00:00.000Z", 1_000n, 60_000),
      saving("l2", "routing", "2026-11-02T10:00:00.000Z", 300n, 0),
      // 23:30 UTC on the 2nd is the 3rd in Berlin.
      saving("l3", "cache", "2026-11-02T23:30:00.000Z", 5n, 1_000),
    ];
    const server = [
      saving("s1", "cache", "2026-11-02T08:00:00.000Z", 20n, 2_000),
      saving("l1", "cache", "2026-11-01T10:00:00.000Z", 1_000n, 60_000), // the same run, read on both: once
    ];
    const read = (list: typeof laptop) => (from: string | undefined) =>
      list.filter((r) => from === undefined || r.timestamp >= from);
    const la = localLedger(requests(5, 1), 1);
    const lb = localLedger(requests(5, 2), 1);
    await withLedger(async (_, ledger) => {
      await sync(la, ledger, { labels: A, book, savings: { project: "-home-me-app", read: read(laptop) } });
      await sync(lb, ledger, {
        labels: { user: "ben", machine: "server" },
        book,
        savings: { project: "-home-me-app", read: read(server) },
      });
      const all = await ledger.savingsReport({ timezone: "UTC" });
      expect(all).toEqual([
        { kind: "cache", runs: 3, savedPico: 1_025n, savedMs: 63_000 },
        { kind: "routing", runs: 1, savedPico: 300n, savedMs: 0 },
      ]);
      const berlin2nd = await ledger.savingsReport({
        timezone: "Europe/Berlin",
        since: "2026-11-02",
        until: "2026-11-02",
      });
      expect(berlin2nd).toEqual([
        { kind: "cache", runs: 1, savedPico: 20n, savedMs: 2_000 },
        { kind: "routing", runs: 1, savedPico: 300n, savedMs: 0 },
      ]);
      expect(await ledger.savingsReport({ timezone: "UTC", user: "ben" })).toEqual([
        { kind: "cache", runs: 1, savedPico: 20n, savedMs: 2_000 },
      ]);
      expect(await ledger.savingsReport({ timezone: "UTC", machine: "laptop", project: "APP" })).toEqual([
        { kind: "cache", runs: 2, savedPico: 1_005n, savedMs: 61_000 },
        { kind: "routing", runs: 1, savedPico: 300n, savedMs: 0 },
      ]);
      expect(await ledger.savingsReport({ timezone: "UTC", project: "api" })).toEqual([]);
    });
    la.close();
    lb.close();
  });

  it("sends again only the runs a later sync can have changed, each with all of its requests", async () => {
    // Subagents without a call in the transcripts (as a cut transcript leaves them): each is a run of its requests.
    const at = (agent: string, i: number, minute: number) =>
      request(`${agent}-${i}:r`, {
        agentId: agent,
        sidechain: true,
        timestamp: new Date(Date.UTC(2026, 10, 20, 9, minute)).toISOString(),
        output: 10 + i,
      });
    const local = localLedger([
      ...[0, 1, 2].map((i) => at("agx", i, i * 50)), // 09:00, 09:50, 10:40: three hours
      ...[0, 1].map((i) => at("agy", i, 20 + i)),
      request("main:1", { timestamp: "2026-11-20T11:00:00.000Z" }),
    ]);
    const rows = async (url: string) =>
      (
        await admin(
          (sql) => sql`SELECT id, requests, cost_pico::text AS cost FROM vextrus_agent_runs ORDER BY id`,
          new URL(url).pathname.slice(1),
        )
      ).map((r) => [r.id, r.requests, BigInt(r.cost)]);
    const expected = () =>
      storedAgentRuns(local, book)
        .runs.map((r) => [r.id, r.requests.length, r.costPico])
        .sort(([a], [b]) => (String(a) < String(b) ? -1 : 1));
    await withLedger(async (url, ledger) => {
      expect((await sync(local, ledger, { labels: A, book })).agentRuns).toEqual({ sent: 2, changed: 2 });
      // Nothing new: no run without a call is sent again.
      expect((await sync(local, ledger, { labels: A, book })).agentRuns).toEqual({ sent: 0, changed: 0 });
      // agx grows by a request in a fourth hour: its run is sent again, with the requests of all four hours.
      local.addUsage([at("agx", 3, 110)], "later.jsonl");
      expect((await sync(local, ledger, { labels: A, book })).agentRuns).toEqual({ sent: 1, changed: 1 });
      expect(await rows(url)).toEqual(expected());
      expect((await rows(url)).find(([id]) => id === "agent:agx")?.[1]).toBe(4);
    });
    local.close();
  });

  it("pushes a project's savings once each by id, again only from a day before the newest sent", async () => {
    const saving = (id: string, timestamp: string, savedPico: bigint) => ({
      id,
      kind: "cache",
      agentType: "Explore",
      sessionId: "s1",
      timestamp,
      savedPico,
      savedMs: 42_000,
      model: "claude-haiku-4-5",
    });
    const recorded = [
      saving("toolu_a", "2026-11-01T10:00:00.000Z", 1_500_000_000n),
      saving("toolu_b", "2026-11-10T10:00:00.000Z", 2_000_000_000n),
    ];
    const asked: Array<string | undefined> = [];
    const savings = {
      project: "-home-dev-api",
      read: (from: string | undefined) => {
        asked.push(from);
        return recorded.filter((r) => from === undefined || r.timestamp >= from);
      },
    };
    const local = localLedger(requests(10, 3), 1);
    await withLedger(async (url, ledger) => {
      expect((await sync(local, ledger, { labels: A, book, savings })).savings).toEqual({
        sent: 2,
        changed: 2,
      });
      // A late one of the same day, and the first one recorded again unchanged.
      recorded.push(saving("toolu_c", "2026-11-10T09:00:00.000Z", 700_000_000n));
      expect((await sync(local, ledger, { labels: A, book, savings })).savings).toEqual({
        sent: 2,
        changed: 1,
      });
      expect(asked).toEqual([undefined, "2026-11-09T10:00:00.000Z"]);
      const rows = await admin(
        (sql) =>
          sql`SELECT id, project, machine, saved_pico::text AS pico, saved_ms::int AS ms FROM vextrus_savings ORDER BY id`,
        new URL(url).pathname.slice(1),
      );
      expect(rows.map((r) => [r.id, r.project, r.machine, r.pico, r.ms])).toEqual([
        ["toolu_a", "-home-dev-api", "laptop", "1500000000", 42_000],
        ["toolu_b", "-home-dev-api", "laptop", "2000000000", 42_000],
        ["toolu_c", "-home-dev-api", "laptop", "700000000", 42_000],
      ]);
    });
    local.close();
  });
});
