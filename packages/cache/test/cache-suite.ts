// One behavioural suite for every cache backend (memory, SQLite, Redis), in the keyv manner: a backend's test
// file is a factory and one call of this suite. `quirks` records what differs between backends.
import { expect, type TestAPI } from "vitest";
import { createAgentCache } from "../src/agent-cache.js";
import type { CacheBackend } from "../src/backend.js";
import { DEFAULT_CACHE_CONFIG } from "../src/config-defaults.js";
import { createMemoryProbe } from "../src/files.js";
import { sha256 } from "../src/key.js";

export type BackendFactory = () => Promise<CacheBackend>;

const HOUR = 3_600_000;

function world(backend: CacheBackend) {
  let clock = Date.UTC(2026, 10, 25, 12);
  const files = new Map<string, { data: string; mtimeMs: number }>([
    ["src/a.ts", { data: "export const a = 1;\n", mtimeMs: 1 }],
    ["src/b.ts", { data: "export const b = 2;\n", mtimeMs: 1 }],
  ]);
  const probe = createMemoryProbe(files, { root: "/p" });
  let searchWorks = true;
  const cache = createAgentCache({
    backend,
    files: {
      ...probe,
      // A broken search stands for one that runs out of time: the walk it shares with the stamp never ends.
      search: (tool, args, o) =>
        (searchWorks ? probe.search?.(tool, args, o) : Promise.resolve(null)) ?? Promise.resolve(null),
      searchStamp: (tool, args, o) =>
        (searchWorks ? probe.searchStamp?.(tool, args, o) : Promise.resolve(null)) ?? Promise.resolve(null),
    },
    now: () => clock,
  });
  return {
    cache,
    files,
    now: () => clock,
    breakSearch: (broken: boolean) => {
      searchWorks = !broken;
    },
    advance: (ms: number) => {
      clock += ms;
    },
    edit: (path: string, data: string, mtimeMs = clock) => files.set(path, { data, mtimeMs }),
  };
}

const review = {
  agentType: "code-reviewer",
  prompt: "Review  src/a.ts\n for bugs",
  options: { model: "haiku" },
};

export function cacheBackendSuite(it: TestAPI, make: BackendFactory): void {
  const withCache =
    (fn: (w: ReturnType<typeof world>, backend: CacheBackend) => Promise<void>) => async () => {
      const backend = await make();
      try {
        await backend.keyv.clear();
        await backend.counters.reset();
        await fn(world(backend), backend);
      } finally {
        await backend.close();
      }
    };

  it(
    "misses, stores, then hits with the same output, age and dependency list",
    withCache(async ({ cache, advance }) => {
      expect(await cache.get(review)).toMatchObject({ hit: false, reason: "absent" });
      const stored = await cache.set({ ...review, output: "LGTM ✓", dependencies: ["src/a.ts"] });
      expect(stored).toMatchObject({ agent_type: "code-reviewer", category: "code_review", ttl_hours: 24 });
      advance(5 * 60_000);
      const got = await cache.get(review);
      expect(got).toMatchObject({ hit: true, ageMs: 5 * 60_000, entry: { output: "LGTM ✓" } });
      expect(got.hit && got.entry.file_dependencies.map((d) => d.path)).toEqual(["src/a.ts"]);
    }),
  );

  it(
    "keys by agent type and normalised input: whitespace and option order do not matter, anything else does",
    withCache(async ({ cache }) => {
      await cache.set({ ...review, output: "x" });
      expect((await cache.get({ ...review, prompt: "Review src/a.ts for bugs " })).hit).toBe(true);
      expect((await cache.get({ ...review, options: { model: "haiku" } })).hit).toBe(true);
      expect((await cache.get({ ...review, agentType: "security-auditor" })).hit).toBe(false);
      expect((await cache.get({ ...review, prompt: "Review src/b.ts for bugs" })).hit).toBe(false);
      expect((await cache.get({ ...review, options: { model: "sonnet" } })).hit).toBe(false);
    }),
  );

  it(
    "misses when a dependency's content changed, and drops the entry",
    withCache(async ({ cache, edit }) => {
      await cache.set({ ...review, output: "x", dependencies: ["src/a.ts", "src/b.ts"] });
      edit("src/b.ts", "export const b = 3;\n");
      expect(await cache.get(review)).toMatchObject({
        hit: false,
        reason: "stale",
        detail: "src/b.ts changed",
      });
      expect(await cache.get(review)).toMatchObject({ hit: false, reason: "absent" });
    }),
  );

  it(
    "hits when only the mtime moved but the content is the same (touch, checkout)",
    withCache(async ({ cache, edit }) => {
      await cache.set({ ...review, output: "x", dependencies: ["src/a.ts"] });
      edit("src/a.ts", "export const a = 1;\n", 999);
      expect((await cache.get(review)).hit).toBe(true);
    }),
  );

  it(
    "misses when a dependency was deleted, and refuses to store an output of an unreadable file",
    withCache(async ({ cache, files }) => {
      await cache.set({ ...review, output: "x", dependencies: ["src/a.ts"] });
      files.delete("src/a.ts");
      expect(await cache.get(review)).toMatchObject({
        hit: false,
        reason: "stale",
        detail: "src/a.ts is missing or unreadable",
      });
      expect(await cache.set({ ...review, output: "x", dependencies: ["src/gone.ts"] })).toBeNull();
      expect((await cache.get(review)).hit).toBe(false);
    }),
  );

  it(
    "expires by category: exploration after 1 h, code review after 24 h",
    withCache(async ({ cache, advance }) => {
      const explore = { agentType: "Explore", prompt: "Where is auth handled?" };
      await cache.set({ ...explore, output: "src/auth" });
      await cache.set({ ...review, output: "ok" });
      advance(HOUR - 1);
      expect((await cache.get(explore)).hit).toBe(true);
      advance(1);
      expect(await cache.get(explore)).toMatchObject({ hit: false, reason: "expired" });
      advance(23 * HOUR - 1);
      expect((await cache.get(review)).hit).toBe(true);
      advance(1);
      expect(await cache.get(review)).toMatchObject({ hit: false, reason: "expired" });
    }),
  );

  it(
    "refresh forces one miss; invalidate by input, agent type or dependency path",
    withCache(async ({ cache }) => {
      const other = { agentType: "architect", prompt: "Plan the refunds module" };
      await cache.set({ ...review, output: "a", dependencies: ["src/a.ts"] });
      await cache.set({ ...other, output: "b", dependencies: ["src/b.ts"] });
      expect(await cache.refresh(review)).toBe(true);
      expect((await cache.get(review)).hit).toBe(false);
      await cache.set({ ...review, output: "a", dependencies: ["src/a.ts"] });
      expect(await cache.invalidate({ path: "src/b.ts" })).toBe(1);
      expect(await cache.get(other)).toMatchObject({ hit: false, reason: "invalidated" });
      expect((await cache.get(review)).hit).toBe(true);
      expect(await cache.invalidate({ agentType: "code-reviewer" })).toBe(1);
      expect(await cache.get(review)).toMatchObject({ hit: false, reason: "invalidated" });
    }),
  );

  it(
    "prunes what it would not serve and keeps the rest",
    withCache(async ({ cache, edit, advance }) => {
      await cache.set({ ...review, output: "a", dependencies: ["src/a.ts"] });
      await cache.set({ agentType: "Explore", prompt: "p1", output: "b" });
      await cache.set({ agentType: "architect", prompt: "p2", output: "c", dependencies: ["src/b.ts"] });
      edit("src/a.ts", "changed\n");
      advance(2 * HOUR);
      expect(await cache.prune()).toEqual({ removed: 2, kept: 1 });
      expect((await cache.stats()).entries).toBe(1);
    }),
  );

  it(
    "counts hits, misses by reason and per agent type, and bytes stored",
    withCache(async ({ cache, edit }) => {
      await cache.get(review);
      await cache.set({ ...review, output: "x".repeat(1000), dependencies: ["src/a.ts"] });
      await cache.get(review);
      await cache.get(review);
      edit("src/a.ts", "changed\n");
      await cache.get(review);
      await cache.get({ agentType: "Explore", prompt: "q" });
      const s = await cache.stats();
      expect(s).toMatchObject({ hits: 2, misses: 3, stale: 1, expired: 0, stores: 1, entries: 0 });
      expect(s.hitRate).toBeCloseTo(2 / 5, 10);
      expect(s.byAgent).toEqual({
        "code-reviewer": { hits: 2, misses: 2, hitRate: 0.5 },
        Explore: { hits: 0, misses: 1, hitRate: 0 },
      });
      await cache.set({ ...review, output: "y".repeat(5000) });
      expect((await cache.stats()).bytes).toBeGreaterThan(5000);
    }),
  );

  it(
    "stores a run only when what it saw still matches, and counts each refusal by reason",
    withCache(async ({ cache, edit, now }) => {
      const seen = sha256("export const a = 1;\n");
      const grep = { kind: "search" as const, tool: "Grep" as const, args: { pattern: "export" } };
      const cases = [
        [{ tools: ["Read", "Edit"] }, "wrote-files"],
        [{ tools: ["Bash", "WebFetch"] }, "used-bash"],
        [{ tools: ["mcp__docs__search"] }, "used-mcp"],
        [{ tools: ["WebSearch"] }, "used-web"],
        [{ tools: ["Task"] }, "nested-agent"],
        [{ tools: ["TodoWrite"] }, "uncacheable-tool"],
        [{ outsideProject: ["/etc/hosts"] }, "read-outside-project"],
        [{ success: false }, "failed-run"],
        [{ dependencies: [{ path: "src/a.ts", sha256: sha256("old text") }] }, "changed-during-run"],
        [{ dependencies: [{ path: "src/gone.ts", sha256: seen }] }, "changed-during-run"],
        [
          { dependencies: [{ ...grep, result: { entries: ["/p/src/a.ts"], complete: true } }] },
          "changed-during-run",
        ],
        [
          { dependencies: [{ ...grep, result: { entries: ["src/a.ts"], complete: false } }] },
          "search-unverifiable",
        ],
      ] as const;
      for (const [run, reason] of cases) {
        expect(await cache.store({ ...review, output: "x", ...run })).toMatchObject({
          stored: false,
          reason,
        });
      }
      expect((await cache.get(review)).hit).toBe(false);
      const ok = await cache.store({
        ...review,
        output: "x",
        tools: ["Read", "Grep", "Read"],
        dependencies: [
          { path: "src/a.ts", sha256: seen, readAt: now() },
          { ...grep, result: { entries: ["/p/src/b.ts", "/p/src/a.ts"], complete: true } },
        ],
      });
      expect(ok).toMatchObject({
        stored: true,
        entry: { search_dependencies: [{ kind: "search", tool: "Grep" }] },
      });
      const s = await cache.stats();
      expect(s).toMatchObject({ stores: 1, notStored: cases.length, storedShare: 1 / (cases.length + 1) });
      expect(s.notStoredByReason).toMatchObject({
        "wrote-files": 1,
        "used-bash": 1,
        "used-mcp": 1,
        "used-web": 1,
        "nested-agent": 1,
        "uncacheable-tool": 1,
        "read-outside-project": 1,
        "failed-run": 1,
        "changed-during-run": 3,
        "search-unverifiable": 1,
        "unreadable-dependency": 0,
      });
      edit("src/a.ts", "export const a = 1;\n");
      expect((await cache.get(review)).hit).toBe(true);
    }),
  );

  it(
    "misses when a search it ran shows something else, and keeps the entry when a search cannot be re-run",
    withCache(async ({ cache, edit, breakSearch }) => {
      const glob = { kind: "search" as const, tool: "Glob" as const, args: { pattern: "src/**/*.ts" } };
      await cache.store({
        ...review,
        output: "x",
        dependencies: [{ ...glob, result: { entries: ["src/a.ts", "src/b.ts"], complete: true } }],
      });
      edit("src/b.ts", "changed content, same file set\n");
      expect((await cache.get(review)).hit).toBe(true);
      breakSearch(true);
      expect(await cache.get(review)).toMatchObject({ hit: false, reason: "search-timeout" });
      breakSearch(false);
      expect((await cache.get(review)).hit).toBe(true);
      edit("src/c.ts", "export const c = 3;\n");
      expect(await cache.get(review)).toMatchObject({ hit: false, reason: "search-changed" });
      expect(await cache.get(review)).toMatchObject({ hit: false, reason: "absent" });
      const s = await cache.stats();
      expect(s).toMatchObject({ hits: 2, misses: 3, stale: 0 });
      expect(s.missesByReason).toEqual({
        absent: 1,
        expired: 0,
        stale: 0,
        "search-changed": 1,
        "search-timeout": 1,
        invalidated: 0,
      });
    }),
  );

  it(
    "compares a racy file by content: an edit keeping size and mtime right after the store still misses",
    withCache(async ({ cache, edit, now }) => {
      edit("src/a.ts", "export const a = 1;\n", now());
      await cache.set({
        ...review,
        output: "x",
        dependencies: [{ path: "src/a.ts", sha256: sha256("export const a = 1;\n") }],
      });
      edit("src/a.ts", "export const a = 7;\n", now());
      expect(await cache.get(review)).toMatchObject({
        hit: false,
        reason: "stale",
        detail: "src/a.ts changed",
      });
    }),
  );

  it(
    "clear removes every entry and resets the statistics",
    withCache(async ({ cache }) => {
      await cache.set({ ...review, output: "x" });
      await cache.get(review);
      await cache.clear();
      expect(await cache.stats()).toMatchObject({ hits: 0, misses: 0, entries: 0, bytes: 0 });
    }),
  );

  it(
    "does nothing when caching is turned off",
    withCache(async (_, backend) => {
      const off = createAgentCache({
        backend,
        files: createMemoryProbe(new Map()),
        config: { ...DEFAULT_CACHE_CONFIG, enabled: false },
      });
      expect(await off.set({ ...review, output: "x" })).toBeNull();
      expect(await off.get(review)).toMatchObject({ hit: false, reason: "disabled" });
    }),
  );
}
