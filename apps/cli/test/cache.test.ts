import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAgentCache } from "@vextrus/cache";
import { createFsProbe, createSqliteBackend } from "@vextrus/cache/node";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

async function projectWithCache() {
  const dir = mkdtempSync(join(tmpdir(), "vx-cli-cache-"));
  mkdirSync(join(dir, ".claude"));
  mkdirSync(join(dir, "src"));
  writeFileSync(join(dir, "src", "a.ts"), "export const a = 1;\n");
  const backend = await createSqliteBackend({ path: join(dir, ".claude", "state", "cache.db") });
  const cache = createAgentCache({ backend, files: createFsProbe({ root: dir }) });
  const review = { agentType: "code-reviewer", prompt: "Review src/a.ts" };
  await cache.set({ ...review, output: "LGTM", dependencies: ["src/a.ts"] });
  await cache.set({ agentType: "Explore", prompt: "Where is a defined?", output: "src/a.ts" });
  await cache.get(review);
  await cache.get({ agentType: "Explore", prompt: "Something else" });
  await backend.close();
  return dir;
}

describe("vextrus cache", () => {
  it("shows entries, bytes and hit rates from the project's store", async () => {
    const dir = await projectWithCache();
    const json = JSON.parse((await runCli(["cache", "stats", "--json"], { cwd: dir })).stdout);
    expect(json).toMatchObject({ store: "sqlite", entries: 2, hits: 1, misses: 1, stores: 2, hitRate: 0.5 });
    expect(json.byAgent["code-reviewer"]).toEqual({ hits: 1, misses: 0, hitRate: 1 });
    const table = await runCli(["cache", "stats"], { cwd: dir });
    expect(table.stdout).toContain("Agent cache (sqlite): 2 entries");
    expect(table.stdout).toContain("Hit rate  50.0%");
  });

  it("counts runs not stored and misses by reason, in text and JSON, and the dashboard's stored share", async () => {
    const dir = await projectWithCache();
    const backend = await createSqliteBackend({ path: join(dir, ".claude", "state", "cache.db") });
    const cache = createAgentCache({ backend, files: createFsProbe({ root: dir }) });
    const fixer = { agentType: "general-purpose", prompt: "Fix a", output: "done" };
    await cache.store({ ...fixer, tools: ["Read", "Edit"] });
    await cache.store({ ...fixer, tools: ["Bash"] });
    await cache.store({ ...fixer, tools: ["Read"], outsideProject: ["/etc/hosts"] });
    await cache.store({ ...fixer, tools: ["Write"] });
    writeFileSync(join(dir, "src", "a.ts"), "export const a = 2;\n");
    await cache.get({ agentType: "code-reviewer", prompt: "Review src/a.ts" }); // a stale read
    await backend.close();

    const json = JSON.parse((await runCli(["cache", "stats", "--json"], { cwd: dir })).stdout);
    expect(json.notStored).toBe(4);
    expect(json.notStoredByReason).toMatchObject({
      "wrote-files": 2,
      "used-bash": 1,
      "read-outside-project": 1,
    });
    expect(json.missesByReason).toMatchObject({ absent: 1, stale: 1, "search-changed": 0 });
    expect(json.storedShare).toBeCloseTo(2 / 6);
    const text = (await runCli(["cache", "stats"], { cwd: dir })).stdout;
    expect(text).toContain("Misses    by reason: absent 1, stale read 1\n");
    expect(text).toContain(
      "Stored    33.3% of finished runs offered (2 stored, 4 not); not stored: wrote files 2, used Bash 1, read outside the project 1\n",
    );

    const dashboard = await runCli(["dashboard"], { cwd: dir });
    expect(dashboard.stdout).toContain("cache stored share 33.3% of finished runs");
    expect(JSON.parse((await runCli(["dashboard", "--json"], { cwd: dir })).stdout).cache).toMatchObject({
      storedShare: 2 / 6,
    });
  });

  it("prunes an entry whose file changed, then clears the rest", async () => {
    const dir = await projectWithCache();
    writeFileSync(join(dir, "src", "a.ts"), "export const a = 2;\n");
    expect(JSON.parse((await runCli(["cache", "prune", "--json"], { cwd: dir })).stdout)).toEqual({
      removed: 1,
      kept: 1,
    });
    expect((await runCli(["cache", "clear"], { cwd: dir })).stdout).toBe(
      "Cleared 1 entry and the statistics.\n",
    );
    const after = JSON.parse((await runCli(["cache", "stats", "--json"], { cwd: dir })).stdout);
    expect(after).toMatchObject({ entries: 0, hits: 0, misses: 0 });
  });

  it("names the settings field on a bad TTL", async () => {
    const dir = await projectWithCache();
    writeFileSync(
      join(dir, ".claude", "settings.local.json"),
      JSON.stringify({ optimization: { latency: { cache_ttl_hours: { code_review: -1 } } } }),
    );
    const r = await runCli(["cache", "stats"], { cwd: dir });
    expect([r.code, r.stderr]).toEqual([
      1,
      "vextrus: optimization.latency.cache_ttl_hours.code_review: expected a number of hours greater than 0, got -1\n",
    ]);
  });
});
