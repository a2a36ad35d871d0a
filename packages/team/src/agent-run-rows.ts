import type { AgentRun } from "@vextrus/cost";

/** Subagent runs as parallel arrays, one per column: a batch goes to the server as one `unnest` statement. */
export interface AgentRunColumns {
  id: string[];
  sessionId: string[];
  project: string[];
  agentType: string[];
  /** The model of most of its requests ("" for a run without requests). */
  model: string[];
  started: string[];
  ended: string[];
  status: string[];
  background: boolean[];
  requests: number[];
  costPico: string[];
  /** Some request's model had no price, so `costPico` leaves it out. */
  unpriced: boolean[];
}

/** The columns of `runs`; the prompt and description stay on the machine. */
export function agentRunColumns(runs: readonly AgentRun[]): AgentRunColumns {
  const c: AgentRunColumns = {
    id: [],
    sessionId: [],
    project: [],
    agentType: [],
    model: [],
    started: [],
    ended: [],
    status: [],
    background: [],
    requests: [],
    costPico: [],
    unpriced: [],
  };
  for (const run of runs) {
    c.id.push(run.id);
    c.sessionId.push(run.sessionId);
    c.project.push(run.project);
    c.agentType.push(run.agentType);
    c.model.push(run.models[0] ?? "");
    c.started.push(run.start);
    c.ended.push(run.end);
    c.status.push(run.status);
    c.background.push(run.background);
    c.requests.push(run.requests.length);
    c.costPico.push(run.costPico.toString());
    c.unpriced.push(run.unpriced.length > 0);
  }
  return c;
}
