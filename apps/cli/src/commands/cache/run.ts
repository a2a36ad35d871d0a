import { type CacheStats, createAgentCache, DEFAULT_CACHE_CONFIG } from "@vextrus/cache";
import { createFsProbe, openCacheBackend } from "@vextrus/cache/node";
import { type CliContext, findProject, projectRoot, readOptimization, stateDir } from "../../context.js";
import { formatInt, painter, renderTable } from "../../format.js";

export type CacheAction = "stats" | "prune" | "clear";

async function openCache(ctx: CliContext) {
  const latency = readOptimization(ctx).latency;
  // zod loads only when there is something to validate.
  const config =
    latency === undefined
      ? DEFAULT_CACHE_CONFIG
      : (await import("@vextrus/cache/config")).parseCacheConfig(latency);
  const backend = await openCacheBackend({
    stateDir: stateDir(ctx),
    env: ctx.env,
    onWarning: (message) => ctx.stderr(`warning: ${message}\n`),
  });
  const cache = createAgentCache({ backend, files: createFsProbe({ root: projectRoot(ctx) }), config });
  return { cache, backend };
}

function pct(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

function kib(bytes: number): string {
  return bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 * 1024
      ? `${(bytes / 1024).toFixed(1)} KiB`
      : `${(bytes / 1048576).toFixed(1)} MiB`;
}

/** How each reason reads in the text report; the reasons themselves are the cache's (`--json` gives them as they are). */
const REASON_WORDS: Readonly<Record<string, string>> = {
  stale: "stale read",
  "search-changed": "search result changed",
  "search-timeout": "search re-run timed out",
  "wrote-files": "wrote files",
  "used-bash": "used Bash",
  "used-web": "used the web",
  "used-mcp": "used an MCP tool",
  "nested-agent": "ran another agent",
  "uncacheable-tool": "used another tool",
  "read-outside-project": "read outside the project",
  "changed-during-run": "changed during the run",
  "unreadable-dependency": "unreadable file",
  "search-unverifiable": "search not re-checkable",
  "failed-run": "failed",
};

/** `wrote files 2, used Bash 1`: the reasons that occurred, most frequent first. */
function byReason(counts: Readonly<Record<string, number>>): string {
  const seen = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort(([, a], [, b]) => b - a);
  return seen.length === 0
    ? "none"
    : seen.map(([r, n]) => `${REASON_WORDS[r] ?? r} ${formatInt(n)}`).join(", ");
}

function renderStats(s: CacheStats, store: string, ctx: CliContext): string {
  const paint = painter(ctx.color);
  let out = `${paint.bold("Agent cache")} (${store}): ${formatInt(s.entries)} entries, ${kib(s.bytes)}\n`;
  out += `  Hit rate  ${paint.bold(pct(s.hitRate))} — ${formatInt(s.hits)} hits, ${formatInt(s.misses)} misses (${formatInt(s.stale)} stale, ${formatInt(s.expired)} expired, ${formatInt(s.invalidated)} invalidated), ${formatInt(s.stores)} stored\n`;
  out += `  Misses    by reason: ${byReason(s.missesByReason)}\n`;
  out += `  Stored    ${paint.bold(pct(s.storedShare))} of finished runs offered (${formatInt(s.stores)} stored, ${formatInt(s.notStored)} not); not stored: ${byReason(s.notStoredByReason)}\n`;
  const agents = Object.entries(s.byAgent).sort(([, a], [, b]) => b.hits + b.misses - (a.hits + a.misses));
  if (agents.length > 0) {
    out += renderTable(
      ["Agent", "Hits", "Misses", "Hit rate"],
      agents.map(([name, a]) => [name, formatInt(a.hits), formatInt(a.misses), pct(a.hitRate)]),
      { numeric: [1, 2, 3], paint },
    );
  }
  return out;
}

export async function runCache(
  ctx: CliContext,
  action: CacheAction,
  options: { json?: boolean },
): Promise<number> {
  // Outside a project there is no local cache to read, and none is made by looking (a shared Redis cache still is).
  if (findProject(ctx) === undefined && !/^rediss?:\/\//.test(ctx.env.VEXTRUS_STORE ?? "")) {
    ctx.stdout(
      options.json
        ? `${JSON.stringify({ store: null, reason: "not-a-project" })}\n`
        : `No agent cache: ${ctx.cwd} is not in a project (no .claude/ or .git here or above).\n`,
    );
    return 0;
  }
  const { cache, backend } = await openCache(ctx);
  try {
    if (action === "stats") {
      const s = await cache.stats();
      ctx.stdout(
        options.json
          ? `${JSON.stringify({ store: backend.name, ...s }, null, 2)}\n`
          : renderStats(s, backend.name, ctx),
      );
    } else if (action === "prune") {
      const r = await cache.prune();
      ctx.stdout(
        options.json
          ? `${JSON.stringify(r)}\n`
          : `Pruned ${r.removed} entr${r.removed === 1 ? "y" : "ies"} (expired, invalidated or stale); ${r.kept} kept.\n`,
      );
    } else {
      const before = (await cache.stats()).entries;
      await cache.clear();
      ctx.stdout(
        options.json
          ? `${JSON.stringify({ removed: before })}\n`
          : `Cleared ${before} entr${before === 1 ? "y" : "ies"} and the statistics.\n`,
      );
    }
    return 0;
  } finally {
    await backend.close();
  }
}
