import { mergeRecords, type UsageQuery, type UsageRecord, type UsageStore } from "@vextrus/cost";

/** Batches read per step: whole local batches, so about this many requests in memory at once besides the kept ones. */
const STEP = 20_000;

/**
 * Every request of the local ledger that belongs to a subagent, merged as the ledger merges its copies (cost's
 * mergeRecords: the larger output wins, either copy may know the agent), oldest first: what `storedAgentRuns` reads
 * from `usage()`, without materialising the main thread's requests. Two passes over the change feed: the first finds
 * the keys some copy of which names an agent (or `known` gives them: a sync that has just read every batch collected
 * them on the way); the second merges every copy of those keys, including a copy without the agent id that came
 * before the one with it. A first sync of a large ledger reads its runs this way: `usage()`
 * over all of it builds every request (a million for a year's heavy use) to keep a fraction.
 */
export function agentRequests(
  local: Pick<UsageStore, "changesSince">,
  known?: ReadonlySet<string>,
): UsageRecord[] {
  const keys = known ?? agentKeys(batches(local));
  if (keys.size === 0) return [];
  const merged = new Map<string, UsageRecord>();
  for (const records of batches(local)) mergeRecords(merged, keep(records, keys));
  return [...merged.values()].sort((a, b) =>
    a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0,
  );
}

/** The keys of the requests that name a subagent. */
export function agentKeys(feed: Iterable<readonly UsageRecord[]>, into = new Set<string>()): Set<string> {
  for (const records of feed) for (const r of records) if (r.agentId) into.add(r.key);
  return into;
}

function* keep(records: readonly UsageRecord[], keys: ReadonlySet<string>): Generator<UsageRecord> {
  for (const r of records) if (keys.has(r.key)) yield r;
}

function* batches(local: Pick<UsageStore, "changesSince">): Generator<UsageRecord[]> {
  for (let mark = 0; ; ) {
    const next = local.changesSince(mark, STEP);
    if (next.records.length === 0 || next.mark === mark) return;
    yield next.records;
    mark = next.mark;
  }
}

/** `usage(query)` over requests already read (oldest first), for a store view handed to cost's run rules. */
export function usageOf(requests: readonly UsageRecord[]): (query?: UsageQuery) => UsageRecord[] {
  return (query = {}) =>
    requests.filter(
      (r) =>
        (query.from === undefined || r.timestamp >= query.from) &&
        (query.to === undefined || r.timestamp < query.to),
    );
}
