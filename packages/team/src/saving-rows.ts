/**
 * A realised saving as `@vextrus/metrics` records it (its `SavingRecord`, read structurally: the team ledger copies
 * the records and does not own their rules).
 */
export interface TeamSaving {
  /** One per run: the `Agent` call's id. */
  id: string;
  kind: string;
  agentType: string;
  sessionId: string;
  timestamp: string;
  savedPico: bigint;
  savedMs: number;
  model?: string;
  baselineModel?: string;
}

/** Savings as parallel arrays, one per column, for one `unnest` statement. */
export interface SavingColumns {
  id: string[];
  kind: string[];
  agentType: string[];
  sessionId: string[];
  timestamp: string[];
  savedPico: string[];
  savedMs: number[];
  model: (string | null)[];
  baselineModel: (string | null)[];
}

export function savingColumns(records: readonly TeamSaving[]): SavingColumns {
  const c: SavingColumns = {
    id: [],
    kind: [],
    agentType: [],
    sessionId: [],
    timestamp: [],
    savedPico: [],
    savedMs: [],
    model: [],
    baselineModel: [],
  };
  for (const r of records) {
    c.id.push(r.id);
    c.kind.push(r.kind);
    c.agentType.push(r.agentType);
    c.sessionId.push(r.sessionId);
    c.timestamp.push(r.timestamp);
    c.savedPico.push(r.savedPico.toString());
    c.savedMs.push(r.savedMs);
    c.model.push(r.model ?? null);
    c.baselineModel.push(r.baselineModel ?? null);
  }
  return c;
}
