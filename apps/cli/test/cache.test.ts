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
