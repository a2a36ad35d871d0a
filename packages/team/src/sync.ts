import {
  type AgentRun,
  type AgentRunQuery,
  type PriceBook,
  storedAgentRuns,
  type UsageQuery,
  type UsageRecord,
  type UsageStore,
} from "@vextrus/cost";
import { agentKeys, agentRequests, usageOf } from "./agent-requests.js";
import { agentRunColumns } from "./agent-run-rows.js";
import type { TeamLabels } from "./labels.js";
import type { SyncScope, TeamLedger } from "./ledger.js";
import { requestColumns } from "./rows.js";
import { savingColumns, type TeamSaving } from "./saving-rows.js";

export interface SyncOptions {
  labels: TeamLabels;
  /** Prices the requests as the local reports do. */
  book: PriceBook;
  /** Requests per transaction (whole local batches, so about this many); default 5,000. */
  batchSize?: number;
  /**
   * One project's realised savings (its metrics database), to push too: `project` is its Claude Code folder name
   * (as the requests' project), `read(from)` its savings recorded at or after `from` (all when undefined).
   */
  savings?: { project: string; read: (from: string | undefined) => readonly TeamSaving[] };
  /** Called after each batch lands, for progress output. */
  onBatch?: (progress: { requests: number; mark: number }) => void;
}

export interface SyncResult {
  /** Requests sent (a request sent again because it grew counts again). */
  sent: number;
  /** Rows the ledger added or replaced (a copy already there from another machine is neither). */
  changed: number;
  batches: number;
  /** Position reached in the local ledger. */
  mark: number;
  /** Subagent runs sent (those that can have changed; all the first time), and how many were new or changed. */
  agentRuns: { sent: number; changed: number };
  /** The project's savings sent (those since a day before the newest sent before) and how many were new or changed. */
  savings: { sent: number; changed: number };
}

const DAY_MS = 86_400_000;

/** A 32-bit FNV-1a digest of the agent-type map, so an unchanged map is not sent again. */
function digestTypes(types: ReadonlyMap<string, string>): number {
  let h = 0x811c9dc5;
  for (const [id, type] of [...types].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const text = `${id}\u0000${type}\u0001`;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  }
  return h;
}

/**
 * `usage(query)` of the local ledger limited to the UTC hours from `from` on in which a subagent (one of `agents`,
 * when given) made a request, and to timestamps that are not dates (which no hour holds): every request the runs of
 * those subagents own, without the others.
 */
function subagentHours(
  local: UsageStore,
  from: string,
  agents?: ReadonlySet<string>,
): (q?: UsageQuery) => UsageRecord[] {
  const hours = new Set<string>([""]);
  for (const r of local.rollups({ by: ["hour", "agent"], fromHour: from.slice(0, 13) }))
    if (r.agentId !== null && (!agents || agents.has(r.agentId))) hours.add(r.hour);
  return (q = {}) => local.usage({ ...q, hours: [...hours] });
}

/**
 * Pushes what the local ledger holds and the team ledger lacks. Resumable by construction: each batch and the
 * position after it are one transaction, so a sync cut anywhere (network, kill -9) resumes at the last batch that
 * landed; a batch sent twice changes nothing (requests are keyed, the larger streamed copy wins).
 */
export async function sync(local: UsageStore, ledger: TeamLedger, options: SyncOptions): Promise<SyncResult> {
  await ledger.migrate();
  const ledgerId = local.ledgerId();
  const machine = options.labels.machine;
  const types = local.agentTypes();
  const typesScope: SyncScope = { machine, ledgerId, stream: "agent-types" };
  const scope: SyncScope = { machine, ledgerId, stream: "requests" };
  const runsScope: SyncScope = { machine, ledgerId, stream: "agent-runs" };
  const savingsScope: SyncScope | undefined = options.savings && {
    machine,
    ledgerId: `${ledgerId}:${options.savings.project}`,
    stream: "savings",
  };
  // Every position in one round trip: a sync after one session is mostly waiting on the network.
  const [typesMark, requestsMark, since, savingsMark] = await ledger.marks([
    typesScope,
    scope,
    runsScope,
    ...(savingsScope ? [savingsScope] : []),
  ]);
  const digest = digestTypes(types);
  if (types.size > 0 && typesMark !== digest) await ledger.pushAgentTypes(types, typesScope, digest);

  const limit = options.batchSize ?? 5000;
  const result: SyncResult = {
    sent: 0,
    changed: 0,
    batches: 0,
    mark: requestsMark ?? 0,
    agentRuns: { sent: 0, changed: 0 },
    savings: { sent: 0, changed: 0 },
  };
  // The subagents whose requests this sync sends: only their runs without a call can have changed (below).
  const touched = new Set<string>();
  // Whether this sync reads every batch: then it notes the keys of the subagents' requests for the runs (below).
  const keys = result.mark === 0 ? new Set<string>() : undefined;
  // One batch in flight: the next one is read and priced while the ledger writes this one (the ledger sends a batch
  // when given it; a macrotask turn lets the driver put it on the wire before the synchronous read).
  let next = local.changesSince(result.mark, limit);
  while (next.records.length > 0 && next.mark !== result.mark) {
    const { records, mark } = next;
    const pushing = ledger.pushRequests(
      requestColumns(records, options.book, types),
      options.labels,
      scope,
      mark,
    );
    // A failed push must not be left unobserved while the next batch is read.
    pushing.catch(() => {});
    await new Promise((resolve) => setImmediate(resolve));
    if (keys) agentKeys([records], keys);
    for (const r of records) if (r.agentId) touched.add(r.agentId);
    next = local.changesSince(mark, limit);
    result.changed += await pushing;
    result.sent += records.length;
    result.batches++;
    result.mark = mark;
    options.onBatch?.({ requests: result.sent, mark });
  }

  // Runs have no change numbers: of those started since a day before the newest one sent, the ones that can have
  // changed go again (a run still going at the last sync, or one whose requests arrived later, is replaced by its
  // grown copy; an unchanged one is not rewritten). The position is the newest start sent, in milliseconds.
  // The first time, every run: read from the change feed, keeping only the subagents' requests (agentRequests).
  // Later, the runs of the window: those a call started (the log says when a call or its end arrives, not which is
  // new, so all of the window's), and those without a call whose subagent made a request this sync sends (their
  // requests are all a run without a call has, and they come through the change feed). The window's requests are
  // read only in the UTC hours that hold a request of those subagents (the ledger's hourly rollups say which): the
  // local ledger finds requests by hour, not by time. A new agent type map sends every run of the window again.
  const from = since !== undefined && since > 0 ? new Date(since - DAY_MS).toISOString() : undefined;
  const log = (q?: AgentRunQuery) => local.agentRuns(q);
  let usage: (q?: UsageQuery) => UsageRecord[];
  let wanted: (run: AgentRun) => boolean = () => true;
  if (from === undefined) usage = usageOf(agentRequests(local, keys));
  else {
    const retyped = types.size > 0 && typesMark !== digest;
    const agents = retyped ? undefined : new Set(touched);
    if (agents) {
      const window = local.agentRuns({ from });
      for (const agentId of window.links.keys()) agents.add(agentId);
      for (const end of window.ends) if (end.agentId) agents.add(end.agentId);
      wanted = (run) => !run.id.startsWith("agent:") || (run.agentId !== null && touched.has(run.agentId));
    }
    usage = subagentHours(local, from, agents);
  }
  const { runs: all } = storedAgentRuns({ agentRuns: log, agentTypes: () => types, usage }, options.book, {
    ...(from !== undefined && { from }),
  });
  const runs = all.filter(wanted);
  if (runs.length > 0) {
    const newest = runs.reduce((m, r) => Math.max(m, Date.parse(r.start)), since ?? 0);
    result.agentRuns.changed = await ledger.pushAgentRuns(
      agentRunColumns(runs),
      options.labels,
      runsScope,
      newest,
    );
    result.agentRuns.sent = runs.length;
  }

  // Savings are read the same way: since a day before the newest sent (a concurrent session may record one late).
  if (options.savings && savingsScope) {
    const { project, read } = options.savings;
    const after = savingsMark ?? 0;
    const savings = read(after > 0 ? new Date(after - DAY_MS).toISOString() : undefined);
    if (savings.length > 0) {
      const newest = savings.reduce((m, r) => Math.max(m, Date.parse(r.timestamp)), after);
      result.savings.changed = await ledger.pushSavings(
        savingColumns(savings),
        { ...options.labels, project },
        savingsScope,
        newest,
      );
      result.savings.sent = savings.length;
    }
  }
  return result;
}
