import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { AgentCallEvent, AgentEndEvent, AgentEndStatus, AgentRunEvent } from "./agent-run-events.js";
import type { AgentRunLog, AgentRunQuery, CallLookup } from "./agent-run-store.js";

export const AGENT_RUN_SCHEMA = `
CREATE TABLE IF NOT EXISTS cost_agent_run_calls (
  tool_use_id TEXT PRIMARY KEY, agent_type TEXT NOT NULL, description TEXT NOT NULL, prompt TEXT NOT NULL,
  model TEXT, background INTEGER NOT NULL, ts TEXT NOT NULL, session_id TEXT NOT NULL, project TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS cost_agent_run_calls_ts ON cost_agent_run_calls (ts);
CREATE TABLE IF NOT EXISTS cost_agent_run_ends (
  tool_use_id TEXT NOT NULL, kind TEXT NOT NULL, ts TEXT NOT NULL, status TEXT NOT NULL, agent_id TEXT,
  duration_ms INTEGER, PRIMARY KEY (tool_use_id, kind));
`;

interface CallRow {
  tool_use_id: string;
  agent_type: string;
  description: string;
  prompt: string;
  model: string | null;
  background: number;
  ts: string;
  session_id: string;
  project: string;
}

interface EndRow {
  tool_use_id: string;
  kind: "result" | "notification";
  ts: string;
  status: AgentEndStatus;
  agent_id: string | null;
  duration_ms: number | null;
}

/** The run tables of the cost ledger: the first copy of each call and end is kept (see addRunEvents). */
export function sqliteAgentRuns(db: DatabaseSync) {
  const addCall = db.prepare("INSERT OR IGNORE INTO cost_agent_run_calls VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  // Only ends of known calls: a line does not say which tool a result answers.
  const addEnd = db.prepare(
    `INSERT OR IGNORE INTO cost_agent_run_ends (tool_use_id, kind, ts, status, agent_id, duration_ms)
     SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM cost_agent_run_calls WHERE tool_use_id = ?)`,
  );
  const calls = db.prepare("SELECT * FROM cost_agent_run_calls WHERE ts >= ? AND ts < ? ORDER BY ts");
  const ends = db.prepare(
    `SELECT e.* FROM cost_agent_run_ends e JOIN cost_agent_run_calls c USING (tool_use_id)
     WHERE c.ts >= ? AND c.ts < ?`,
  );
  const links = db.prepare("SELECT agent_id, tool_use_id FROM cost_agent_links");
  // Prepared when first asked for: most opens of the ledger (a hook's budget line) read no appended bytes.
  let open: StatementSync | undefined;
  return {
    add(events: readonly AgentRunEvent[]): void {
      for (const e of events) {
        if (e.kind === "call") {
          addCall.run(
            e.toolUseId,
            e.agentType,
            e.description,
            e.prompt,
            e.model,
            e.background ? 1 : 0,
            e.timestamp,
            e.sessionId,
            e.project,
          );
        } else {
          addEnd.run(e.toolUseId, e.kind, e.timestamp, e.status, e.agentId, e.durationMs, e.toolUseId);
        }
      }
    },
    open(): CallLookup {
      // One key lookup per tool result met: a ledger keeps every call it ever saw, so listing the open ones each
      // run would grow with history (~9 ms at 20,000 calls).
      open ??= db.prepare(
        `SELECT 1 FROM cost_agent_run_calls WHERE tool_use_id = ?1 AND NOT EXISTS
         (SELECT 1 FROM cost_agent_run_ends WHERE tool_use_id = ?1 AND kind = 'result')`,
      );
      const lookup = open;
      return { has: (id) => lookup.get(id) !== undefined };
    },
    query(query: AgentRunQuery = {}): AgentRunLog {
      const from = query.from ?? "";
      const to = query.to ?? "\uffff";
      return {
        calls: (calls.all(from, to) as unknown as CallRow[]).map(
          (r): AgentCallEvent => ({
            kind: "call",
            toolUseId: r.tool_use_id,
            agentType: r.agent_type,
            description: r.description,
            prompt: r.prompt,
            model: r.model,
            background: r.background === 1,
            timestamp: r.ts,
            sessionId: r.session_id,
            project: r.project,
          }),
        ),
        ends: (ends.all(from, to) as unknown as EndRow[]).map(
          (r): AgentEndEvent => ({
            kind: r.kind,
            toolUseId: r.tool_use_id,
            timestamp: r.ts,
            status: r.status,
            agentId: r.agent_id,
            durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
          }),
        ),
        links: new Map(
          (links.all() as { agent_id: string; tool_use_id: string }[]).map((r) => [
            r.agent_id,
            r.tool_use_id,
          ]),
        ),
      };
    },
  };
}
