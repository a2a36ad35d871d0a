import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createPriceBook, summarizeUsage } from "@vextrus/cost";
import { openSqliteUsageStore } from "@vextrus/cost/node";
import { afterAll, describe, expect, it } from "vitest";
import { openTeamLedger } from "../src/node.js";
import { admin, freshDatabase, pgUrl } from "./pg.js";
import { random, requests } from "./records.js";

const child = fileURLToPath(new URL("./fixtures/sync-child.mjs", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "vextrus-team-kill-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Runs the sync in a child process and kills it with SIGKILL once `killAfter` batches have landed (the child is by
 * then inside the next batch's transaction, or between two); undefined lets it finish. Resolves with the lines seen.
 */
function runChild(path: string, url: string, killAfter: number | undefined): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, path, url, "400"], { stdio: ["ignore", "pipe", "pipe"] });
    const lines: string[] = [];
    let buffered = "";
    let stderr = "";
    proc.stderr.on("data", (d) => {
      stderr += d;
    });
    proc.stdout.on("data", (d) => {
      buffered += d;
      const parts = buffered.split("\n");
      buffered = parts.pop() ?? "";
      for (const line of parts) {
        lines.push(line);
        if (killAfter !== undefined && lines.length === killAfter) proc.kill("SIGKILL");
      }
    });
    proc.on("error", reject);
    proc.on("close", (code, signal) => {
      if (signal === "SIGKILL" || code === 0) resolve(lines);
      else reject(new Error(`sync child exited ${code}: ${stderr}`));
    });
  });
}

describe.skipIf(!pgUrl)("a sync killed with SIGKILL", () => {
  it("loses and duplicates nothing when run again, wherever it was cut", async () => {
    const book = createPriceBook();
    const records = requests(12_000, 42);
    const path = join(dir, "ledger.db");
    const local = openSqliteUsageStore(path);
    // Many small ingest batches, as a day of hooks makes; some requests come again grown (streamed messages).
    for (let i = 0; i < records.length; i += 300)
      local.addUsage(records.slice(i, i + 300), `f${i % 3000}.jsonl`);
    local.addUsage(
      records.slice(0, 500).map((r) => ({ ...r, output: r.output + 1000 })),
      "grown.jsonl",
    );
    const truth = local.usage();
    local.close();
    const { url } = await freshDatabase();

    const rnd = random(Number(process.env.VEXTRUS_TEST_SEED ?? 20261202));
    let kills = 0;
    for (let round = 0; round < 6; round++) {
      const lines = await runChild(path, url, 1 + Math.floor(rnd() * 8));
      if (lines.at(-1)?.startsWith("done")) break;
      kills++;
    }
    expect(kills).toBeGreaterThan(0);
    const last = await runChild(path, url, undefined);
    expect(last.at(-1)).toMatch(/^done/);

    const ledger = openTeamLedger(url);
    try {
      const rows = await ledger.report({ groupBy: "day", timezone: "UTC" });
      const local = summarizeUsage(truth, { groupBy: "day", book });
      const team = new Map<string, { cost: bigint; requests: number; output: number }>();
      for (const r of rows) {
        const t = team.get(r.key) ?? { cost: 0n, requests: 0, output: 0 };
        t.cost += r.costPico;
        t.requests += r.requests;
        t.output += r.output;
        team.set(r.key, t);
      }
      expect(team).toEqual(
        new Map(
          local.groups.map((g) => [
            g.key,
            { cost: g.costPico, requests: g.requests, output: g.tokens.output },
          ]),
        ),
      );
      const [count] = await admin(
        (sql) => sql`SELECT count(*)::int AS n, count(DISTINCT key)::int AS keys FROM vextrus_requests`,
        new URL(url).pathname.slice(1),
      );
      expect(count).toEqual({ n: truth.length, keys: truth.length });
    } finally {
      await ledger.close();
    }
  });
});
