import type { AgentRunColumns } from "./agent-run-rows.js";
import type { TeamLabels } from "./labels.js";
import type { TeamSavingsQuery } from "./report-sql.js";
import type { RequestColumns } from "./rows.js";
import type { SavingColumns } from "./saving-rows.js";

/** Which copy of which local ledger a sync position belongs to. */
export interface SyncScope {
  machine: string;
  /** `UsageStore.ledgerId()`: a position is meaningful only for the ledger that gave it. */
  ledgerId: string;
  stream: "requests" | "agent-types" | "agent-runs" | "savings";
}

/** A team report's grouping: the local ones, plus who and where. */
export type TeamGrouping =
  | "day"
  | "week"
  | "month"
  | "session"
  | "project"
  | "model"
  | "agent"
  | "user"
  | "machine";

export interface TeamQuery {
  groupBy: TeamGrouping;
  /** IANA zone for day, week and month boundaries. */
  timezone: string;
  /** First and last day to include, `YYYY-MM-DD`, in `timezone`. */
  since?: string;
  until?: string;
  /** First day of a week for the `week` grouping, 0 Sunday … 6 Saturday (as the local weekly report); default 0. */
  startOfWeek?: number;
  user?: string;
  machine?: string;
  /** Keep only projects whose folder name contains this text (case-insensitive). */
  project?: string;
  /** Also split each group by user and machine. */
  byMember?: boolean;
}

/** One line of a team report: a group (and model, and member when asked), summed in SQL. */
export interface TeamRow {
  key: string;
  model: string;
  user: string | null;
  machine: string | null;
  requests: number;
  unpricedRequests: number;
  input: number;
  output: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  cacheRead: number;
  costPico: bigint;
  first: string;
  last: string;
}

/** The team's realised savings of one kind, summed by the server. */
export interface TeamSavingsRow {
  kind: string;
  runs: number;
  savedPico: bigint;
  savedMs: number;
}

/** Every machine's subagent runs of one type, summed by the server. */
export interface TeamAgentRunsRow {
  agentType: string;
  runs: number;
  requests: number;
  costPico: bigint;
  /** Runs with a model the pushing machine could not price: their cost leaves those requests out. */
  unpricedRuns: number;
  durationMs: number;
  /** Runs that ended in an error or were interrupted. */
  failed: number;
  background: number;
}

/**
 * The shared ledger as the sync and the reports need it. The PostgreSQL adapter is `openTeamLedger`
 * (`@vextrus/team/node`); the contract is here so the sync's rules stay free of the driver.
 */
export interface TeamLedger {
  /** Creates or upgrades the schema (refuses a newer one); idempotent, safe for several machines at once. */
  migrate(): Promise<void>;
  /** The last position of each scope the ledger holds (0: none), in the order given, in one round trip. */
  marks(scopes: readonly SyncScope[]): Promise<number[]>;
  /**
   * Adds a batch and moves the position of `scope` from `from` to `to`, in one transaction: both land or neither.
   * A request already there keeps one copy (the larger output wins); the first machine to push it keeps the label.
   */
  pushRequests(batch: RequestColumns, labels: TeamLabels, scope: SyncScope, to: number): Promise<number>;
  /** Records agent id → subagent type, re-labels the requests of agents whose type changed, stores `digest`. */
  pushAgentTypes(types: ReadonlyMap<string, string>, scope: SyncScope, digest: number): Promise<void>;
  /** Adds or replaces subagent runs (keyed by id) and moves the position of `scope` to `to`, in one transaction. */
  pushAgentRuns(runs: AgentRunColumns, labels: TeamLabels, scope: SyncScope, to: number): Promise<number>;
  /** Adds or replaces one project's savings (keyed by id) and moves the position of `scope` to `to`, in one transaction. */
  pushSavings(
    savings: SavingColumns,
    labels: TeamLabels & { project: string },
    scope: SyncScope,
    to: number,
  ): Promise<number>;
  report(query: TeamQuery): Promise<TeamRow[]>;
  /** The realised savings of every machine by kind, in the query's local days. */
  savingsReport(query: TeamSavingsQuery): Promise<TeamSavingsRow[]>;
  /** Every machine's subagent runs by type, started in the query's local days; dearest first. */
  agentRunsReport(query: TeamSavingsQuery): Promise<TeamAgentRunsRow[]>;
  close(): Promise<void>;
}
