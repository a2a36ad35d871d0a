import { agentCategory, costOfRequest, type PriceBook, type UsageRecord } from "@vextrus/cost";

const SYNTHETIC_MODEL = "<synthetic>";

/**
 * One batch of requests as columns, the shape the ledger sends to PostgreSQL (one array per column through
 * `unnest`: a statement of 17 parameters whatever the batch size, instead of 17 per row).
 */
export interface RequestColumns {
  key: string[];
  ts: string[];
  model: string[];
  input: number[];
  output: number[];
  cacheWrite5m: number[];
  cacheWrite1h: number[];
  cacheRead: number[];
  webSearches: number[];
  speed: (string | null)[];
  geo: (string | null)[];
  project: string[];
  sessionId: string[];
  agentId: (string | null)[];
  sidechain: boolean[];
  /** The agent category known on this machine when it pushes (the ledger's own agent-type table may know better). */
  agent: string[];
  /** Exact cost in pico-dollars as a decimal string (a bigint column), null when the model has no price. */
  costPico: (string | null)[];
}

/**
 * The columns of a batch, priced with this machine's price book (the one its local reports use), so the team total
 * of a request equals its local cost.
 */
export function requestColumns(
  records: readonly UsageRecord[],
  book: PriceBook,
  agentTypes: ReadonlyMap<string, string>,
): RequestColumns {
  const c: RequestColumns = {
    key: [],
    ts: [],
    model: [],
    input: [],
    output: [],
    cacheWrite5m: [],
    cacheWrite1h: [],
    cacheRead: [],
    webSearches: [],
    speed: [],
    geo: [],
    project: [],
    sessionId: [],
    agentId: [],
    sidechain: [],
    agent: [],
    costPico: [],
  };
  for (const r of records) {
    // Claude Code's placeholder messages are never billed; the local reports skip them too (summarizeUsage).
    if (r.model === SYNTHETIC_MODEL) continue;
    const pricing = book.resolve(r.model);
    c.key.push(r.key);
    c.ts.push(r.timestamp);
    c.model.push(r.model);
    c.input.push(r.input);
    c.output.push(r.output);
    c.cacheWrite5m.push(r.cacheWrite5m);
    c.cacheWrite1h.push(r.cacheWrite1h);
    c.cacheRead.push(r.cacheRead);
    c.webSearches.push(r.webSearches ?? 0);
    c.speed.push(r.speed ?? null);
    c.geo.push(r.geo ?? null);
    c.project.push(r.project);
    c.sessionId.push(r.sessionId);
    c.agentId.push(r.agentId);
    c.sidechain.push(r.sidechain);
    c.agent.push(agentCategory(r, agentTypes));
    c.costPico.push(pricing ? costOfRequest(r, pricing).toString() : null);
  }
  return c;
}
