import { type PriceBook, storedAgentRuns, type UsageStore } from "@vextrus/cost";
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
  /** Subagent runs sent (those started since a day before the last one sent), and how many were new or changed. */
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
  const digest = digestTypes(types);
  if (types.size > 0 && (await ledger.mark(typesScope)) !== digest)
    await ledger.pushAgentTypes(types, typesScope, digest);

  const scope: SyncScope = { machine, ledgerId, stream: "requests" };
  const limit = options.batchSize ?? 5000;
  const result: SyncResult = {
    sent: 0,
    changed: 0,
    batches: 0,
    mark: await ledger.mark(scope),
    agentRuns: { sent: 0, changed: 0 },
    savings: { sent: 0, changed: 0 },
  };
  for (;;) {
    const { records, mark } = local.changesSince(result.mark, limit);
    if (records.length === 0 || mark === result.mark) break;
    result.changed += await ledger.pushRequests(
      requestColumns(records, options.book, types),
      options.labels,
      scope,
      mark,
    );
    result.sent += records.length;
    result.batches++;
    result.mark = mark;
    options.onBatch?.({ requests: result.sent, mark });
  }

  // Runs have no change numbers: those started since a day before the newest one sent go again (a run still going
  // at the last sync, or one whose requests arrived later, is replaced by its grown copy; an unchanged one is not
  // rewritten). The position is the newest start sent, in milliseconds.
  const runsScope: SyncScope = { machine, ledgerId, stream: "agent-runs" };
  const since = await ledger.mark(runsScope);
  const { runs } = storedAgentRuns(local, options.book, {
    ...(since > 0 && { from: new Date(since - DAY_MS).toISOString() }),
  });
  if (runs.length > 0) {
    const newest = runs.reduce((m, r) => Math.max(m, Date.parse(r.start)), since);
    result.agentRuns.changed = await ledger.pushAgentRuns(
      agentRunColumns(runs),
      options.labels,
      runsScope,
      newest,
    );
    result.agentRuns.sent = runs.length;
  }

  // Savings are read the same way: since a day before the newest sent (a concurrent session may record one late).
  if (options.savings) {
    const { project, read } = options.savings;
    const savingsScope: SyncScope = { machine, ledgerId: `${ledgerId}:${project}`, stream: "savings" };
    const after = await ledger.mark(savingsScope);
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
