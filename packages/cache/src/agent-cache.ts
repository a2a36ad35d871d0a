import type { CacheBackend } from "./backend.js";
import { type CacheConfig, categoryOf, DEFAULT_CACHE_CONFIG } from "./config-defaults.js";
import { checkFile, checkSearch, type DependencyInput, recordFiles, recordSearches } from "./dependencies.js";
import { VextrusCacheError } from "./errors.js";
import type { FileDependency, FileProbe } from "./files.js";
import { type AgentInput, CACHE_SCHEMA_VERSION, inputHash } from "./key.js";
import type { SearchDependency } from "./search.js";
import { classifyRun, NOT_STORED_REASONS, type NotStoredReason } from "./tools.js";

export interface CacheEntry {
  version: typeof CACHE_SCHEMA_VERSION;
  agent_type: string;
  category: string;
  input_hash: string;
  output: string;
  /** Milliseconds since the epoch, from the cache's clock. */
  created_at: number;
  ttl_hours: number;
  file_dependencies: FileDependency[];
  /** Searches the answer came from, re-run on every lookup. */
  search_dependencies: SearchDependency[];
  invalidated: boolean;
  /** The run that made the entry, when its caller said: what each hit avoids. Absent in entries stored before. */
  produced_by?: ProducedBy;
}

/**
 * The cost and time of the run that made an entry. The cost is integer pico-dollars written as decimal text,
 * since entries are JSON in every backend and JSON has no bigint.
 */
export interface ProducedBy {
  cost_pico: string;
  duration_ms: number;
  model?: string;
}

/**
 * Why a lookup missed: `stale` (a file the agent read changed, vanished or became unreadable: a stale read),
 * `search-changed` (a search it ran shows something else now), `search-timeout` (a search could not be re-run in
 * its bound; the entry is kept for a later lookup).
 */
export type MissReason =
  | "absent"
  | "expired"
  | "stale"
  | "search-changed"
  | "search-timeout"
  | "invalidated"
  | "disabled";

/** The miss reasons counted apart (`disabled` lookups are not counted at all). */
export const COUNTED_MISS_REASONS = [
  "absent",
  "expired",
  "stale",
  "search-changed",
  "search-timeout",
  "invalidated",
] as const;
export type CountedMissReason = (typeof COUNTED_MISS_REASONS)[number];

export type StoreResult =
  | { stored: true; entry: CacheEntry }
  | { stored: false; reason: NotStoredReason | "disabled"; detail?: string };

export type CacheLookup =
  | { hit: true; key: string; entry: CacheEntry; ageMs: number }
  | { hit: false; key: string; reason: MissReason; detail?: string };

export interface CacheStats {
  hits: number;
  misses: number;
  /** Misses because a file the entry depended on changed, vanished or became unreadable. */
  stale: number;
  expired: number;
  invalidated: number;
  stores: number;
  hitRate: number;
  byAgent: Record<string, { hits: number; misses: number; hitRate: number }>;
  entries: number;
  bytes: number;
  /** Misses by reason; `stale` is a stale read. */
  missesByReason: Record<CountedMissReason, number>;
  /** Finished runs offered to the cache and not stored, in total and by reason. */
  notStored: number;
  notStoredByReason: Record<NotStoredReason, number>;
  /** stores / (stores + notStored): the share of offered runs the cache kept; 0 when none was offered. */
  storedShare: number;
}

export interface AgentCacheOptions {
  backend: CacheBackend;
  files: FileProbe;
  /** Milliseconds since the epoch; default Date.now. */
  now?: () => number;
  config?: CacheConfig;
  /** Bound of one search re-run (at store and at lookup); default 1,000 ms. */
  searchTimeoutMs?: number;
}

export interface SetInput extends AgentInput {
  output: string;
  /**
   * What the output was made from: paths (hashed now, the old form), files as the agent read them (the content
   * hash it saw, when the read began) and searches with what they showed. A later change to any makes a miss.
   */
  dependencies?: readonly DependencyInput[];
  /** Names of the tools the run used (repeats allowed); a run that used a tool off the allow-list is not stored. */
  tools?: Iterable<string>;
  /** Paths the run read outside the project: such a run is not stored, since they are not watched. */
  outsideProject?: readonly string[];
  /** false for a run that failed: not stored, counted as `failed-run`. */
  success?: boolean;
  /** The run's exact cost (pico-dollars) and duration, kept with the entry so a hit can say what it avoided. */
  run?: { costPico: bigint; durationMs: number; model?: string };
}

function producedBy(run: NonNullable<SetInput["run"]>): ProducedBy {
  if (typeof run.costPico !== "bigint" || run.costPico < 0n)
    throw new VextrusCacheError(
      "INPUT_INVALID",
      "run.costPico: expected a non-negative bigint of pico-dollars",
    );
  if (!Number.isFinite(run.durationMs) || run.durationMs < 0)
    throw new VextrusCacheError(
      "INPUT_INVALID",
      "run.durationMs: expected a non-negative number of milliseconds",
    );
  return {
    cost_pico: run.costPico.toString(),
    duration_ms: Math.round(run.durationMs),
    ...(run.model !== undefined && { model: run.model }),
  };
}

const rate = (hits: number, misses: number) => (hits + misses === 0 ? 0 : hits / (hits + misses));

/**
 * The agent-output cache: `get` answers only when the entry is younger than its category's TTL and every file it
 * was made from still has the content it had. Anything else is a miss, and a stale entry is dropped.
 */
export function createAgentCache(options: AgentCacheOptions) {
  const { backend, files } = options;
  const now = options.now ?? Date.now;
  const config = options.config ?? DEFAULT_CACHE_CONFIG;
  const searchTimeoutMs = options.searchTimeoutMs ?? 1_000;
  const keyv = backend.keyv;

  async function count(reason: "hits" | MissReason, agentType: string): Promise<void> {
    const outcome = reason === "hits" ? "hits" : "misses";
    const counts: Record<string, number> = { [outcome]: 1, [`${outcome}:${agentType}`]: 1 };
    if (reason !== "hits" && reason !== "absent" && reason !== "disabled") counts[reason] = 1;
    await backend.counters.increment(counts);
  }

  /** Why an entry may not be served now, or null when it may. */
  async function staleness(entry: CacheEntry): Promise<{ reason: MissReason; detail?: string } | null> {
    if (entry.invalidated) return { reason: "invalidated" };
    if (now() >= entry.created_at + entry.ttl_hours * 3_600_000) return { reason: "expired" };
    const changed = await Promise.all(entry.file_dependencies.map((dep) => checkFile(files, dep)));
    const first = changed.find((c) => c !== null);
    if (first) return { reason: "stale", detail: first };
    // Searches cost a walk of the project each: only once every file still matches, one at a time.
    const round = {};
    for (const dep of entry.search_dependencies ?? []) {
      const why = await checkSearch(files, dep, searchTimeoutMs, round);
      if (why) return why;
    }
    return null;
  }

  async function refuse(reason: NotStoredReason, detail?: string): Promise<StoreResult> {
    await backend.counters.increment({ "not-stored": 1, [`not-stored:${reason}`]: 1 });
    return { stored: false, reason, ...(detail !== undefined && { detail }) };
  }

  /**
   * Stores an output when the run may be replayed and what it saw still matches the project; else says why not
   * (and counts it). The caller reports the run (tools, reads outside the project, success); this decides.
   */
  async function store(input: SetInput): Promise<StoreResult> {
    if (typeof input.output !== "string") {
      throw new VextrusCacheError("INPUT_INVALID", "output: expected the agent's output as a string");
    }
    const produced = input.run && producedBy(input.run);
    if (!config.enabled) return { stored: false, reason: "disabled" };
    if (input.success === false) return refuse("failed-run");
    const run = classifyRun(input.tools ?? [], config);
    if (!run.cacheable) return refuse(run.reason, `used ${run.tool}`);
    if (input.outsideProject && input.outsideProject.length > 0) {
      return refuse("read-outside-project", input.outsideProject.slice(0, 3).join(", "));
    }
    const deps = input.dependencies ?? [];
    const fileDeps = await recordFiles(files, deps, now());
    if (!Array.isArray(fileDeps)) return refuse(fileDeps.reason, fileDeps.detail);
    const searchDeps = await recordSearches(files, deps, searchTimeoutMs, now());
    if (!Array.isArray(searchDeps)) return refuse(searchDeps.reason, searchDeps.detail);
    const category = categoryOf(input.agentType, config);
    const ttlHours = config.ttlHours[category] ?? 1;
    const entry: CacheEntry = {
      version: CACHE_SCHEMA_VERSION,
      agent_type: input.agentType,
      category,
      input_hash: inputHash(input),
      output: input.output,
      created_at: now(),
      ttl_hours: ttlHours,
      file_dependencies: fileDeps,
      search_dependencies: searchDeps,
      invalidated: false,
      ...(produced && { produced_by: produced }),
    };
    await keyv.set(entry.input_hash, entry, ttlHours * 3_600_000);
    await backend.counters.increment({ stores: 1 });
    return { stored: true, entry };
  }

  return {
    async get(input: AgentInput): Promise<CacheLookup> {
      const key = inputHash(input);
      if (!config.enabled) return { hit: false, key, reason: "disabled" };
      const entry = (await keyv.get<CacheEntry>(key)) ?? undefined;
      if (!entry) {
        await count("absent", input.agentType);
        return { hit: false, key, reason: "absent" };
      }
      const why = await staleness(entry);
      if (why) {
        // A search that could not be re-run in time says nothing about the entry: keep it for a later lookup.
        if (why.reason !== "search-timeout") await keyv.delete(key);
        await count(why.reason, input.agentType);
        return { hit: false, key, ...why };
      }
      await count("hits", input.agentType);
      return { hit: true, key, entry, ageMs: Math.max(0, now() - entry.created_at) };
    },

    store,

    /** `store`, answering the entry or null when nothing was stored (the form callers used before `store`). */
    async set(input: SetInput): Promise<CacheEntry | null> {
      const result = await store(input);
      return result.stored ? result.entry : null;
    },

    /** Forces the next `get` of this input to miss. */
    async refresh(input: AgentInput): Promise<boolean> {
      return keyv.delete(inputHash(input));
    },

    /** Marks entries invalid: one input's, an agent type's, or every entry that depends on `path`. */
    async invalidate(filter: { input?: AgentInput; agentType?: string; path?: string }): Promise<number> {
      // Collected first: changing a store while iterating it may skip or repeat entries in some backends.
      const hits: CacheEntry[] = [];
      for await (const entry of entries()) {
        const match =
          (filter.input !== undefined && entry.input_hash === inputHash(filter.input)) ||
          (filter.agentType !== undefined && entry.agent_type === filter.agentType) ||
          (filter.path !== undefined && entry.file_dependencies.some((d) => d.path === filter.path));
        if (match && !entry.invalidated) hits.push(entry);
      }
      for (const entry of hits) {
        const ttl = Math.max(1, entry.created_at + entry.ttl_hours * 3_600_000 - now());
        await keyv.set(entry.input_hash, { ...entry, invalidated: true }, ttl);
      }
      const marked = hits.length;
      return marked;
    },

    /** Drops every entry `get` would not serve (expired, invalidated, stale). */
    async prune(): Promise<{ removed: number; kept: number }> {
      const drop: string[] = [];
      let kept = 0;
      for await (const entry of entries()) {
        const why = await staleness(entry);
        if (why && why.reason !== "search-timeout") drop.push(entry.input_hash);
        else kept++;
      }
      for (const key of drop) await keyv.delete(key);
      const removed = drop.length;
      return { removed, kept };
    },

    async stats(): Promise<CacheStats> {
      const c = await backend.counters.read();
      let entryCount = 0;
      let bytes = 0;
      for await (const entry of entries()) {
        entryCount++;
        bytes += Buffer.byteLength(JSON.stringify(entry));
      }
      const byAgent: CacheStats["byAgent"] = {};
      for (const [name, value] of Object.entries(c)) {
        const m = /^(hits|misses):(.+)$/.exec(name);
        if (!m?.[2]) continue;
        const a = byAgent[m[2]] ?? { hits: 0, misses: 0, hitRate: 0 };
        a[m[1] as "hits" | "misses"] = value;
        byAgent[m[2]] = a;
      }
      for (const a of Object.values(byAgent)) a.hitRate = rate(a.hits, a.misses);
      const hits = c.hits ?? 0;
      const misses = c.misses ?? 0;
      const missesByReason = Object.fromEntries(COUNTED_MISS_REASONS.map((r) => [r, c[r] ?? 0])) as Record<
        CountedMissReason,
        number
      >;
      // Absent misses were never counted apart: they are the misses no other reason explains.
      missesByReason.absent = Math.max(
        0,
        misses - COUNTED_MISS_REASONS.reduce((sum, r) => (r === "absent" ? sum : sum + missesByReason[r]), 0),
      );
      const notStoredByReason = Object.fromEntries(
        NOT_STORED_REASONS.map((r) => [r, c[`not-stored:${r}`] ?? 0]),
      ) as Record<NotStoredReason, number>;
      const notStored = c["not-stored"] ?? 0;
      const stores = c.stores ?? 0;
      return {
        hits,
        misses,
        stale: c.stale ?? 0,
        expired: c.expired ?? 0,
        invalidated: c.invalidated ?? 0,
        stores,
        hitRate: rate(hits, misses),
        byAgent,
        entries: entryCount,
        bytes,
        missesByReason,
        notStored,
        notStoredByReason,
        storedShare: rate(stores, notStored),
      };
    },

    /** Removes every entry and resets the statistics. */
    async clear(): Promise<void> {
      await keyv.clear();
      await backend.counters.reset();
    },
  };

  /** Every entry of this schema version; each knows its own key (`input_hash`), whatever prefix the store adds. */
  async function* entries(): AsyncGenerator<CacheEntry> {
    if (!keyv.iterator) {
      throw new VextrusCacheError(
        "STORE_UNAVAILABLE",
        `store: the ${backend.name} store cannot list entries`,
      );
    }
    const all = keyv.iterator(keyv.namespace) as AsyncGenerator<[string, CacheEntry | undefined]>;
    for await (const [, value] of all) if (value?.version === CACHE_SCHEMA_VERSION) yield value;
  }
}

export type AgentCache = ReturnType<typeof createAgentCache>;
