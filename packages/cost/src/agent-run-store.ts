import type { AgentCallEvent, AgentEndEvent, AgentRunEvent } from "./agent-run-events.js";

/** What a store knows of subagent runs: each call once, and per call its tool result and notification. */
export interface AgentRunLog {
  calls: AgentCallEvent[];
  ends: AgentEndEvent[];
  /** agent id → the tool_use_id of the call that started it (progress lines, `agent-<id>.meta.json`). */
  links: Map<string, string>;
}

export interface AgentRunQuery {
  /** Inclusive lower bound on the call's timestamp. */
  from?: string;
  /** Exclusive upper bound on the call's timestamp. */
  to?: string;
}

const endKey = (toolUseId: string, kind: AgentEndEvent["kind"]) => `${toolUseId}\u0000${kind}`;

/**
 * Folds a file's run events into maps keyed by tool_use_id. The first copy of each wins, so reading the same bytes
 * again changes nothing; an end whose call is unknown (a result of any other tool) is dropped.
 */
export function addRunEvents(
  calls: Map<string, AgentCallEvent>,
  ends: Map<string, AgentEndEvent>,
  events: readonly AgentRunEvent[],
): void {
  for (const event of events) {
    if (event.kind === "call") {
      if (!calls.has(event.toolUseId)) calls.set(event.toolUseId, { ...event });
    } else if (calls.has(event.toolUseId) && !ends.has(endKey(event.toolUseId, event.kind))) {
      ends.set(endKey(event.toolUseId, event.kind), { ...event });
    }
  }
}

/** Which tool_use_ids name a call, by membership alone: a Set, or a lookup into a store. */
export interface CallLookup {
  has(toolUseId: string): boolean;
}

/**
 * The calls with no tool result yet, as a live lookup: what a read from a file's middle watches for
 * (ScanContext.openCalls).
 */
export function openCalls(
  calls: ReadonlyMap<string, AgentCallEvent>,
  ends: ReadonlyMap<string, AgentEndEvent>,
): CallLookup {
  return { has: (id) => calls.has(id) && !ends.has(endKey(id, "result")) };
}

export function queryRunEvents(
  calls: ReadonlyMap<string, AgentCallEvent>,
  ends: ReadonlyMap<string, AgentEndEvent>,
  links: ReadonlyMap<string, string>,
  query: AgentRunQuery = {},
): AgentRunLog {
  const picked = [...calls.values()].filter(
    (c) => (!query.from || c.timestamp >= query.from) && (!query.to || c.timestamp < query.to),
  );
  const ids = new Set(picked.map((c) => c.toolUseId));
  return {
    calls: picked.map((c) => ({ ...c })).sort((a, b) => a.timestamp.localeCompare(b.timestamp)),
    ends: [...ends.values()].filter((e) => ids.has(e.toolUseId)).map((e) => ({ ...e })),
    links: new Map(links),
  };
}
