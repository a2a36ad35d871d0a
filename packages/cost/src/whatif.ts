import type { AgentRun } from "./agent-runs.js";
import type { Pico } from "./money.js";
import type { PriceBook } from "./pricing.js";
import { repriceRequests } from "./reprice.js";

/**
 * The policy a period's runs are replayed under. The caller composes it from the owners of each rule: the model a
 * prompt's complexity selects (`@vextrus/complexity`), how long an agent type's answers stay cached and what makes two
 * calls one (`@vextrus/cache`). Kept as functions so this module stays pure and owns only the replay.
 */
export interface WhatIfPolicy {
  /** The model the policy runs this call on (a model id or a family: `haiku`), or null to leave it as it ran. */
  route(run: AgentRun): string | null;
  /** How long an answer of this agent type stays cached, in ms; null when it is never cached. */
  cacheTtlMs(agentType: string): number | null;
  /** What makes two calls the same call to the cache (agent type and normalised prompt). */
  cacheKey(run: AgentRun): string;
}

/** A file a run read, or a write to a file, found in the transcripts (see fileEventsOf). */
export interface FileEvent {
  timestamp: string;
  path: string;
  kind: "read" | "write";
  /** The subagent that made the call; null for the main conversation. */
  agentId: string | null;
}

export interface WhatIfRun {
  id: string;
  agentType: string;
  start: string;
  actualPico: Pico;
  /** Its cost under routing alone (the actual cost when it is not rerouted or a price is missing). */
  routedPico: Pico;
  /** The model routing chose, when it changes the run's model. */
  routedTo: string | null;
  /** Served from the cache under the policy: the id of the run whose answer it would have been given. */
  cacheHitOf: string | null;
}

export interface WhatIfTotals {
  runs: number;
  actualPico: Pico;
  /** Routing alone, the cache alone, and both (the policy). */
  routingPico: Pico;
  cachePico: Pico;
  policyPico: Pico;
  cacheHits: number;
  reroutedRuns: number;
}

export interface WhatIfResult {
  totals: WhatIfTotals;
  byAgent: Array<WhatIfTotals & { agentType: string }>;
  runs: WhatIfRun[];
  /** Models the price book does not know: runs on them keep their actual cost under routing. */
  unpriced: string[];
  /** Model families the policy named, and the model each was priced at. */
  families: Record<string, string>;
}

/** Newest model of each family, used to price a family the user's own history never ran. */
export const DEFAULT_FAMILY_MODELS: Readonly<Record<string, string>> = Object.freeze({
  haiku: "claude-haiku-5-5",
  sonnet: "claude-sonnet-5-5",
  opus: "claude-opus-5-5",
});

const FAMILIES = Object.keys(DEFAULT_FAMILY_MODELS);

/**
 * A family (`haiku`) as the model Claude Code would run: the one of that family the user's runs used last (the alias
 * follows the newest), else DEFAULT_FAMILY_MODELS. A full model id is kept as it is.
 */
function familyModels(runs: readonly AgentRun[]): (model: string) => string {
  const latest = new Map<string, { at: string; model: string }>();
  for (const run of runs)
    for (const r of run.requests)
      for (const family of FAMILIES)
        if (r.model.includes(family) && (latest.get(family)?.at ?? "") <= r.timestamp)
          latest.set(family, { at: r.timestamp, model: r.model });
  return (model) =>
    FAMILIES.includes(model) ? (latest.get(model)?.model ?? (DEFAULT_FAMILY_MODELS[model] as string)) : model;
}

/**
 * Replays `runs` under `policy`:
 * - routing: each routed run's requests priced at the model its prompt selects (`repriceRequests`: token counts on
 *   another model are assumed equal);
 * - cache: a run whose call (cacheKey) repeats a successful earlier run's, started before that answer's TTL ran out,
 *   and with no write in `files` to a file the earlier run read between that run's start and this one's, is a hit:
 *   it costs nothing. A hit does not renew the entry; a miss that succeeds makes a new one.
 * Each lever is also replayed alone. Pure: the caller passes the runs, prices, policy and file events.
 */
export function whatIf(options: {
  runs: readonly AgentRun[];
  book: PriceBook;
  policy: WhatIfPolicy;
  files?: readonly FileEvent[];
}): WhatIfResult {
  const { book, policy, files = [] } = options;
  const runs = [...options.runs].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const modelOf = familyModels(runs);
  const families: Record<string, string> = {};
  const unpriced = new Set<string>();
  const reads = readsByAgent(files);
  const writes = files.filter((f) => f.kind === "write");
  const entries = new Map<string, AgentRun>();
  const out: WhatIfRun[] = [];
  for (const run of runs) {
    let routedPico = run.costPico;
    let routedTo: string | null = null;
    const target = policy.route(run);
    if (target !== null) {
      const model = modelOf(target);
      if (model !== target) families[target] = model;
      const repriced = repriceRequests(run.requests, book, model);
      if (!repriced) {
        for (const m of [model, ...run.models]) if (!book.resolve(m)) unpriced.add(m);
      } else if (!run.models.every((m) => m === model)) {
        routedPico = repriced.baselinePico;
        routedTo = model;
      }
    }
    let cacheHitOf: string | null = null;
    const ttl = policy.cacheTtlMs(run.agentType);
    const key = ttl === null ? null : policy.cacheKey(run);
    if (ttl !== null && key !== null) {
      const entry = entries.get(key);
      const fresh =
        entry !== undefined &&
        Date.parse(run.start) >= Date.parse(entry.end) &&
        Date.parse(run.start) < Date.parse(entry.end) + ttl &&
        !changed(entry, run.start, reads, writes);
      if (fresh) cacheHitOf = entry.id;
      else if (run.status === "completed" || run.status === "unknown") entries.set(key, run);
      else entries.delete(key);
    }
    out.push({
      id: run.id,
      agentType: run.agentType,
      start: run.start,
      actualPico: run.costPico,
      routedPico,
      routedTo,
      cacheHitOf,
    });
  }
  const byAgent = new Map<string, WhatIfRun[]>();
  for (const r of out) byAgent.set(r.agentType, [...(byAgent.get(r.agentType) ?? []), r]);
  return {
    totals: sum(out),
    byAgent: [...byAgent.entries()]
      .map(([agentType, list]) => ({ agentType, ...sum(list) }))
      .sort((a, b) => (b.actualPico > a.actualPico ? 1 : b.actualPico < a.actualPico ? -1 : 0)),
    runs: out,
    unpriced: [...unpriced].sort(),
    families,
  };
}

function sum(runs: readonly WhatIfRun[]): WhatIfTotals {
  const t: WhatIfTotals = {
    runs: runs.length,
    actualPico: 0n,
    routingPico: 0n,
    cachePico: 0n,
    policyPico: 0n,
    cacheHits: 0,
    reroutedRuns: 0,
  };
  for (const r of runs) {
    t.actualPico += r.actualPico;
    t.routingPico += r.routedPico;
    t.cachePico += r.cacheHitOf === null ? r.actualPico : 0n;
    t.policyPico += r.cacheHitOf === null ? r.routedPico : 0n;
    if (r.cacheHitOf !== null) t.cacheHits++;
    if (r.routedTo !== null) t.reroutedRuns++;
  }
  return t;
}

function readsByAgent(files: readonly FileEvent[]): Map<string, FileEvent[]> {
  const out = new Map<string, FileEvent[]>();
  for (const f of files) {
    if (f.kind !== "read" || f.agentId === null) continue;
    const list = out.get(f.agentId);
    if (list) list.push(f);
    else out.set(f.agentId, [f]);
  }
  return out;
}

/** Whether a file the entry's run read was written between that run's start and `until`. */
function changed(
  entry: AgentRun,
  until: string,
  reads: ReadonlyMap<string, FileEvent[]>,
  writes: readonly FileEvent[],
): boolean {
  const read = new Set((entry.agentId ? reads.get(entry.agentId) : undefined)?.map((f) => f.path) ?? []);
  if (read.size === 0) return false;
  return writes.some((w) => read.has(w.path) && w.timestamp >= entry.start && w.timestamp < until);
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const WRITE_TOOLS = new Set(["Write", "Edit", "MultiEdit", "NotebookEdit"]);

/**
 * The files read (`Read` calls) and written (`Write`, `Edit`, `MultiEdit`, `NotebookEdit` calls) in one transcript's
 * text (`fileAgentId`: the subagent whose file it is). Other ways to read or change a file (a shell command, a search) are not seen: the what-if says so.
 */
export function fileEventsOf(text: string, fileAgentId: string | null = null): FileEvent[] {
  const out: FileEvent[] = [];
  for (const raw of text.split("\n")) {
    if (!raw.includes('"tool_use"')) continue;
    let line: unknown;
    try {
      line = JSON.parse(raw);
    } catch {
      continue; // a torn last line, or one the cost ingest already counted as malformed
    }
    if (!isObject(line) || line.type !== "assistant" || !isObject(line.message)) continue;
    const timestamp = typeof line.timestamp === "string" ? line.timestamp : null;
    const content = line.message.content;
    if (!timestamp || !Array.isArray(content)) continue;
    const agentId = typeof line.agentId === "string" && line.agentId ? line.agentId : fileAgentId;
    for (const block of content) {
      if (!isObject(block) || block.type !== "tool_use" || !isObject(block.input)) continue;
      const name = block.name;
      const path = block.input.file_path ?? block.input.notebook_path;
      if (typeof path !== "string" || path === "") continue;
      if (name === "Read") out.push({ timestamp, path, kind: "read", agentId });
      else if (typeof name === "string" && WRITE_TOOLS.has(name))
        out.push({ timestamp, path, kind: "write", agentId });
    }
  }
  return out;
}
