import type { AgentCallEvent, AgentEndEvent } from "./agent-run-events.js";
import type { AgentRunLog, AgentRunQuery } from "./agent-run-store.js";
import type { Pico } from "./money.js";
import { costOfRequest, type PriceBook, type TokenCounts } from "./pricing.js";
import { COMPACTION_AGENT, isCompactionAgent, UNKNOWN_AGENT, type UsageRecord } from "./records.js";
import type { UsageStore } from "./store.js";

/** How a run ended, as its transcript says; `unknown` when nothing says (a compaction run, a run with no call). */
export type AgentRunStatus = "completed" | "error" | "interrupted" | "unknown";

/** One subagent run found in the transcripts, with its requests' exact cost. */
export interface AgentRun {
  /** The `Agent`/`Task` call's tool_use_id (as the hooks key their records); `agent:<id>` for a run with no call. */
  id: string;
  agentId: string | null;
  agentType: string;
  /** Models its requests used, most requests first. */
  models: string[];
  /** The call's start (or its first request's time); its end: tool result, notification, or last request. */
  start: string;
  end: string;
  durationMs: number;
  status: AgentRunStatus;
  background: boolean;
  requests: UsageRecord[];
  tokens: TokenCounts;
  costPico: Pico;
  /** Models with no price: their requests are left out of `costPico`. */
  unpriced: string[];
  sessionId: string;
  project: string;
  /** The call's prompt and description (empty for a run with no call), and the model the caller pinned. */
  prompt: string;
  description: string;
  requestedModel: string | null;
}

export interface AgentRunsResult {
  runs: AgentRun[];
  /** Calls with no end yet: still running, or their session stopped first. Not counted until they end. */
  unfinished: number;
  /** Those calls (in the log's order; the stores give them oldest first): a caller that keeps some of the runs
   * counts the open calls it keeps the same way. */
  pending: AgentCallEvent[];
}

/** Claude Code's placeholder messages: never billed. */
const SYNTHETIC = "<synthetic>";
const ZERO: TokenCounts = { input: 0, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 };

/** What a run's requests cost, each priced on its own as Anthropic bills them; the hooks price a run they saw the same way. */
export interface PricedRequests {
  tokens: TokenCounts;
  costPico: Pico;
  /** Models the price book does not know; their requests are not in `costPico`. */
  unpriced: string[];
  /** Models the requests used, most requests first. */
  models: string[];
}

export function priceRunRequests(requests: readonly UsageRecord[], book: PriceBook): PricedRequests {
  const tokens = { ...ZERO };
  let costPico = 0n;
  const unpriced = new Set<string>();
  const byModel = new Map<string, number>();
  for (const r of requests) {
    if (r.model === SYNTHETIC) continue;
    tokens.input += r.input;
    tokens.output += r.output;
    tokens.cacheWrite5m += r.cacheWrite5m;
    tokens.cacheWrite1h += r.cacheWrite1h;
    tokens.cacheRead += r.cacheRead;
    byModel.set(r.model, (byModel.get(r.model) ?? 0) + 1);
    const pricing = book.resolve(r.model);
    if (pricing) costPico += costOfRequest(r, pricing);
    else unpriced.add(r.model);
  }
  const models = [...byModel.entries()].sort((a, b) => b[1] - a[1]).map(([m]) => m);
  return { tokens, costPico, unpriced: [...unpriced], models };
}

const ms = (from: string, to: string) => Math.max(0, Date.parse(to) - Date.parse(from));

/**
 * Every subagent run of `log`, priced from its own requests in `usage` (by agent id). A foreground run ends at its
 * tool result, a background one at its task notification; a compaction run, which no call starts, spans its
 * requests. Pure: the caller passes what the store holds.
 */
export function agentRuns(options: {
  log: AgentRunLog;
  usage: readonly UsageRecord[];
  agentTypes: ReadonlyMap<string, string>;
  book: PriceBook;
}): AgentRunsResult {
  const { log, usage, agentTypes, book } = options;
  const byAgent = new Map<string, UsageRecord[]>();
  for (const r of usage) {
    if (!r.agentId) continue;
    const list = byAgent.get(r.agentId);
    if (list) list.push(r);
    else byAgent.set(r.agentId, [r]);
  }
  const ends = new Map<string, { result?: AgentEndEvent; notification?: AgentEndEvent }>();
  for (const e of log.ends) {
    const entry = ends.get(e.toolUseId) ?? {};
    entry[e.kind] = e;
    ends.set(e.toolUseId, entry);
  }
  const agentOf = new Map<string, string>();
  for (const [agentId, toolUseId] of log.links) agentOf.set(toolUseId, agentId);
  for (const e of log.ends) if (e.agentId) agentOf.set(e.toolUseId, e.agentId);

  const runs: AgentRun[] = [];
  const claimed = new Set<string>();
  const pending: AgentCallEvent[] = [];
  for (const call of log.calls) {
    const end = endOf(ends.get(call.toolUseId));
    if (!end) {
      pending.push(call);
      continue;
    }
    const agentId = agentOf.get(call.toolUseId) ?? null;
    if (agentId) claimed.add(agentId);
    const requests = (agentId && byAgent.get(agentId)) || [];
    runs.push({
      id: call.toolUseId,
      agentId,
      agentType: (agentId && agentTypes.get(agentId)) || call.agentType,
      start: call.timestamp,
      end: end.timestamp,
      durationMs: ms(call.timestamp, end.timestamp),
      status: end.status,
      background: call.background || ends.get(call.toolUseId)?.result?.status === "launched",
      requests,
      ...priceRunRequests(requests, book),
      sessionId: call.sessionId,
      project: call.project,
      prompt: call.prompt,
      description: call.description,
      requestedModel: call.model,
    });
  }
  // Runs no call started: compaction, and subagents whose call was never read (a transcript cut or deleted).
  for (const [agentId, requests] of byAgent) {
    if (claimed.has(agentId)) continue;
    if (log.links.has(agentId)) continue; // its call lies outside the window asked for
    const first = requests[0] as UsageRecord;
    const last = requests[requests.length - 1] as UsageRecord;
    runs.push({
      id: `agent:${agentId}`,
      agentId,
      agentType: isCompactionAgent(agentId) ? COMPACTION_AGENT : (agentTypes.get(agentId) ?? UNKNOWN_AGENT),
      start: first.timestamp,
      end: last.timestamp,
      durationMs: ms(first.timestamp, last.timestamp),
      status: "unknown",
      background: false,
      requests,
      ...priceRunRequests(requests, book),
      sessionId: first.sessionId,
      project: first.project,
      prompt: "",
      description: "",
      requestedModel: null,
    });
  }
  runs.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  return { runs, unfinished: pending.length, pending };
}

function endOf(
  ends: { result?: AgentEndEvent; notification?: AgentEndEvent } | undefined,
): { timestamp: string; status: AgentRunStatus } | undefined {
  const { result, notification } = ends ?? {};
  if (result && result.status !== "launched") return { timestamp: result.timestamp, status: result.status };
  // A background run: launched now, ended at its notification.
  if (notification && notification.status !== "launched")
    return { timestamp: notification.timestamp, status: notification.status };
  return undefined;
}

const DAY_MS = 86_400_000;

/**
 * The runs started in `[from, to)` of a store, priced: the calls of the window, and the requests from its start to a
 * day past its end (a background run may end after the window does). What the CLI and the what-if read.
 */
export function storedAgentRuns(
  store: Pick<UsageStore, "agentRuns" | "usage" | "agentTypes">,
  book: PriceBook,
  query: AgentRunQuery = {},
): AgentRunsResult {
  const to = query.to && new Date(Date.parse(query.to) + DAY_MS).toISOString();
  // The store's log holds the window's calls only, so the open calls are the window's already; runs need the filter
  // for the ones no call started (compaction), which their requests place.
  const { runs, unfinished, pending } = agentRuns({
    log: store.agentRuns(query),
    usage: store.usage({ ...(query.from && { from: query.from }), ...(to && { to }) }),
    agentTypes: store.agentTypes(),
    book,
  });
  const inWindow = (r: AgentRun) =>
    (!query.from || r.start >= query.from) && (!query.to || r.start < query.to);
  return { runs: runs.filter(inWindow), unfinished, pending };
}
