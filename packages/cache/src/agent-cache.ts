import type { CacheBackend } from "./backend.js";
import { type CacheConfig, categoryOf, DEFAULT_CACHE_CONFIG } from "./config-defaults.js";
import { VextrusCacheError } from "./errors.js";
import type { FileDependency, FileProbe } from "./files.js";
import { type AgentInput, CACHE_SCHEMA_VERSION, inputHash, sha256 } from "./key.js";

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
  invalidated: boolean;
}

export type MissReason = "absent" | "expired" | "stale" | "invalidated" | "disabled";

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
}

export interface AgentCacheOptions {
  backend: CacheBackend;
  files: FileProbe;
  /** Milliseconds since the epoch; default Date.now. */
  now?: () => number;
  config?: CacheConfig;
}

export interface SetInput extends AgentInput {
  output: string;
  /** Files the output was made from; a later change to any of them makes the entry a miss. */
  dependencies?: readonly string[];
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
    const changed = await Promise.all(entry.file_dependencies.map((dep) => dependencyChanged(files, dep)));
    const first = changed.find((c) => c !== null);
    return first ? { reason: "stale", detail: first } : null;
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
        await keyv.delete(key);
        await count(why.reason, input.agentType);
        return { hit: false, key, ...why };
      }
      await count("hits", input.agentType);
      return { hit: true, key, entry, ageMs: Math.max(0, now() - entry.created_at) };
    },

    /** Stores an output with the current content hash of each dependency; null when one cannot be read. */
    async set(input: SetInput): Promise<CacheEntry | null> {
      if (typeof input.output !== "string") {
        throw new VextrusCacheError("INPUT_INVALID", "output: expected the agent's output as a string");
      }
      if (!config.enabled) return null;
      const deps: FileDependency[] = [];
      for (const path of [...new Set(input.dependencies ?? [])]) {
        const [st, data] = await Promise.all([files.stat(path), files.read(path)]);
        // An output made from a file we cannot read could never be checked later: do not keep it.
        if (!st || !data) return null;
        deps.push({ path, size: st.size, mtimeMs: st.mtimeMs, sha256: sha256(data) });
      }
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
        file_dependencies: deps,
        invalidated: false,
      };
      await keyv.set(entry.input_hash, entry, ttlHours * 3_600_000);
      await backend.counters.increment({ stores: 1 });
      return entry;
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
        if (await staleness(entry)) drop.push(entry.input_hash);
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
      return {
        hits,
        misses,
        stale: c.stale ?? 0,
        expired: c.expired ?? 0,
        invalidated: c.invalidated ?? 0,
        stores: c.stores ?? 0,
        hitRate: rate(hits, misses),
        byAgent,
        entries: entryCount,
        bytes,
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

/** Why a dependency no longer matches, or null: stat first, and hash only when size or mtime moved. */
async function dependencyChanged(files: FileProbe, dep: FileDependency): Promise<string | null> {
  const st = await files.stat(dep.path);
  if (!st) return `${dep.path} is missing or unreadable`;
  if (st.size === dep.size && st.mtimeMs === dep.mtimeMs) return null;
  const data = await files.read(dep.path);
  if (!data) return `${dep.path} is missing or unreadable`;
  return sha256(data) === dep.sha256 ? null : `${dep.path} changed`;
}
