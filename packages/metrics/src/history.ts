import type { AgentRun } from "@vextrus/cost";
import { aggregateRecords, type InvocationQuery, inRange } from "./aggregate.js";
import type { InvocationRecord } from "./records.js";
import type { MetricsStore } from "./store.js";

/**
 * A subagent run found in the transcripts (`@vextrus/cost`'s `agentRuns`) as an invocation record. How fields map:
 * - `id`: the `Agent`/`Task` call's tool_use_id, the id the hooks record under (`agent:<id>` for a compaction run);
 * - `model`: the model most of its requests used, else the one the caller pinned, else `unknown`;
 * - `success`: false when its tool result was an error or an interruption (`failureMode` `agent-error` or
 *   `interrupted`, as the hooks name them); a run nothing says failed (a compaction run) counts as a success;
 * - `durationMs`: from the call to its tool result, or to a background run's notification;
 * - `tokens`, `costPico`: the sums and exact price of its own requests;
 * - `timestamp`: its end, when a hook would have recorded it;
 * - `userCorrection`: false. A transcript cannot say whether the person corrected the answer afterwards, so this is
 *   not a finding: only a hook's record could say more;
 * - `cacheHit`: false, `start`: `cold`. A cache hit never reaches a subagent, so a run found here was one.
 */
export function runInvocation(run: AgentRun): InvocationRecord {
  const failed = run.status === "error" || run.status === "interrupted";
  return {
    id: run.id,
    agentType: run.agentType,
    model: run.models[0] ?? run.requestedModel ?? "unknown",
    success: !failed,
    userCorrection: false,
    durationMs: Math.max(0, Math.round(run.durationMs)),
    tokens: { ...run.tokens },
    costPico: run.costPico,
    cacheHit: false,
    start: "cold",
    sessionId: run.sessionId,
    timestamp: new Date(run.end).toISOString(),
    ...(failed && { failureMode: run.status === "interrupted" ? "interrupted" : "agent-error" }),
  };
}

export interface MergedHistory {
  invocations: InvocationRecord[];
  /** Records the hooks made, all kept. */
  fromHooks: number;
  /** Runs found only in the transcripts. */
  fromTranscripts: number;
}

/**
 * The hooks' records and the runs found in the transcripts, each run once: a hook's record wins over the run with
 * its id (the tool_use_id) or its agent id (a hook that had no tool_use_id records under the agent id), because it
 * knows what a transcript cannot (a cache hit, a correction). Oldest first.
 */
export function mergeInvocations(
  recorded: readonly InvocationRecord[],
  runs: readonly AgentRun[],
): MergedHistory {
  const known = new Set(recorded.map((r) => r.id));
  const added = runs
    .filter((run) => !known.has(run.id) && !(run.agentId !== null && known.has(run.agentId)))
    .map(runInvocation);
  const invocations = [...recorded, ...added].sort((a, b) =>
    a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0,
  );
  return { invocations, fromHooks: recorded.length, fromTranscripts: added.length };
}

/**
 * A read-only view of `store` with the transcripts' runs merged in (mergeInvocations), for summaries and reports:
 * what `summarizeAgents` and the dashboard read. Writes go to `store` untouched; closing the view closes it.
 */
export function withTranscriptRuns(store: MetricsStore, runs: readonly AgentRun[]): MetricsStore {
  // A hook records a run when it ends, as runInvocation dates it; a day either side keeps a run whose two dates
  // fall on both sides of the window's edge from being counted as well.
  const shift = (iso: string | undefined, days: number) =>
    iso === undefined ? undefined : new Date(Date.parse(iso) + days * 86_400_000).toISOString();
  const merged = (query: InvocationQuery) => {
    const from = shift(query.from, -1);
    const to = shift(query.to, 1);
    const recorded = store.invocations({ ...(from && { from }), ...(to && { to }) });
    return mergeInvocations(recorded, runs).invocations.filter(
      (r) =>
        inRange(r.timestamp, query) && (query.agentType === undefined || r.agentType === query.agentType),
    );
  };
  return {
    addInvocations: (records) => store.addInvocations(records),
    addGateResults: (records) => store.addGateResults(records),
    invocations: (query = {}) => merged(query),
    gateResults: (query) => store.gateResults(query),
    aggregate: (query = {}) => aggregateRecords(merged(query), store.gateResults(query), query),
    close: () => store.close(),
  };
}
