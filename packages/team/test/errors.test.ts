import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { createMemoryUsageStore, createPriceBook } from "@vextrus/cost";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { sync, VextrusTeamError } from "../src/index.js";
import { openTeamLedger } from "../src/node.js";
import { admin, asUser, freshDatabase, pgUrl } from "./pg.js";
import { requests } from "./records.js";

const book = createPriceBook();
const labels = { user: "ana", machine: "laptop" };

function localLedger() {
  const store = createMemoryUsageStore();
  store.addUsage(requests(50, 1));
  return store;
}

/** Syncs and returns the error it failed with (the test fails if it does not). */
async function failure(
  url: string,
  options: Parameters<typeof openTeamLedger>[1] = {},
): Promise<VextrusTeamError> {
  const ledger = openTeamLedger(url, { connectTimeoutSeconds: 30, ...options });
  try {
    await sync(localLedger(), ledger, { labels, book });
  } catch (error) {
    expect(error).toBeInstanceOf(VextrusTeamError);
    return error as VextrusTeamError;
  } finally {
    await ledger.close();
  }
  throw new Error("expected the sync to fail");
}

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 1));
    });
  });
}

/** The SQL of the README's "Least privilege" section, for role `role` with password `password`. */
function readmeGrants(role: string, password: string, database: string): string {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const section = readme.slice(readme.indexOf("## Least privilege"));
  const sql = /```sql\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
  return sql
    .replaceAll("vextrus_writer", role)
    .replaceAll("'change me'", `'${password}'`)
    .replaceAll("DATABASE vextrus ", `DATABASE ${database} `);
}

describe.skipIf(!pgUrl)("errors a person can fix, one line each, no password", () => {
  it("a wrong password", async () => {
    const { url } = await freshDatabase();
    const error = await failure(asUser(url, "vextrus", "not-the-password"));
    expect(error.code).toBe("LEDGER_AUTH");
    expect(error.message).toContain("password authentication failed");
    expect(error.message).toContain("PGPASSWORD");
    expect(error.message).not.toContain("not-the-password");
    expect(error.message).not.toContain("\n");
  });

  it("a password from ~/.pgpass when the URL and environment have none", async () => {
    const { url } = await freshDatabase();
    const bare = new URL(url);
    const password = bare.password;
    bare.password = "";
    const pgpass = `# a comment\n*:*:*:someone-else:nope\n127.0.0.1:${bare.port}:*:vextrus:${password}\n`;
    const ledger = openTeamLedger(bare.toString(), { env: {}, pgpass });
    const result = await sync(localLedger(), ledger, { labels, book });
    await ledger.close();
    expect(result.sent).toBe(50);
    const error = await failure(bare.toString(), { env: {}, pgpass: "*:*:*:vextrus:wrong\n" });
    expect(error.code).toBe("LEDGER_AUTH");
  });

  it("an unreachable server", async () => {
    const port = await closedPort();
    const error = await failure(`postgres://vextrus:secret@127.0.0.1:${port}/vextrus`);
    expect(error.code).toBe("LEDGER_UNREACHABLE");
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).not.toContain("secret");
  });

  it("a read-only role, and a role that may not create the schema", async () => {
    const { url, name } = await freshDatabase();
    const owner = openTeamLedger(url);
    await owner.migrate();
    await owner.close();
    const role = `ro_${name.slice(-6)}`;
    await admin(
      (sql) =>
        sql.unsafe(
          `CREATE ROLE ${role} LOGIN PASSWORD 'ro-pass'; GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${role}`,
        ),
      name,
    );
    const readOnly = await failure(asUser(url, role, "ro-pass"));
    expect(readOnly.code).toBe("LEDGER_PERMISSION");
    expect(readOnly.message).toContain("permission denied for table vextrus_requests");

    const empty = await freshDatabase();
    const noSchema = await failure(asUser(empty.url, role, "ro-pass"));
    expect(noSchema.code).toBe("LEDGER_SCHEMA");
    expect(noSchema.message).toContain("run `vextrus sync` once as the database's owner");
  });

  it("works with the README's least-privilege role: sync, sync again, report", async () => {
    const { url, name } = await freshDatabase();
    const owner = openTeamLedger(url);
    await owner.migrate();
    await owner.close();
    const role = `sync_${name.slice(-6)}`;
    await admin((sql) => sql.unsafe(readmeGrants(role, "sync-pass", name)), name);
    const ledger = openTeamLedger(asUser(url, role, "sync-pass"));
    try {
      const local = localLedger();
      local.setAgentType("ag1", "Explore");
      // Savings too: the second sync sends the same one again (an upsert needs UPDATE even when nothing changes).
      const saving = {
        id: "toolu_hit",
        kind: "cache",
        agentType: "Explore",
        sessionId: "s1",
        timestamp: "2026-11-01T10:00:00.000Z",
        savedPico: 5n,
        savedMs: 1,
      };
      const savings = { project: "-home-dev-api", read: () => [saving] };
      const once = await sync(local, ledger, { labels, book, savings });
      expect([once.sent, once.agentRuns.sent > 0, once.savings]).toEqual([50, true, { sent: 1, changed: 1 }]);
      const [first] = requests(1, 1);
      if (first) local.addUsage([{ ...first, output: 99_999 }]);
      const again = await sync(local, ledger, { labels, book, savings });
      expect([again.changed, again.savings]).toEqual([1, { sent: 1, changed: 0 }]);
      const rows = await ledger.report({ groupBy: "month", timezone: "UTC" });
      expect(rows.reduce((n, r) => n + r.requests, 0)).toBe(50);
      // It cannot empty what others pushed.
      const sql = postgres(asUser(url, role, "sync-pass"), { max: 1, onnotice: () => {} });
      await expect(sql`DELETE FROM vextrus_requests`).rejects.toThrow(/permission denied/);
      await sql.end();
    } finally {
      await ledger.close();
    }
  });
});
