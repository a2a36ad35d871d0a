import { VextrusPatternsError } from "./errors.js";
import { quantile } from "./quantile.js";
import { assertTasks, type FinishedTask } from "./task.js";

/** When an agent sequence counts as a pattern worth reusing. */
export interface PatternThresholds {
  /** Fewest tasks that must share the sequence: one task is an anecdote. */
  readonly minTasks: number;
  /** Lowest share of the sequence's runs that succeeded, retries included. */
  readonly minSuccessRate: number;
}

export const DEFAULT_PATTERN_THRESHOLDS: PatternThresholds = Object.freeze({
  minTasks: 2,
  minSuccessRate: 0.5,
});

export interface DurationSummary {
  readonly medianMs: number;
  readonly p90Ms: number;
}

/** The agents that got tasks done, in order, and how it went for the tasks that used them. */
export interface AgentSequencePattern {
  /** The types of the runs that succeeded, in order; failed runs are left out. */
  readonly agents: readonly string[];
  readonly taskIds: readonly string[];
  /** Successful runs / all runs of these tasks: 1 when no agent of the sequence ever had to be retried. */
  readonly successRate: number;
  readonly durationMs: DurationSummary;
}

export interface GateUsage {
  readonly gate: string;
  /** Tasks that used the gate. */
  readonly tasks: number;
  /** `tasks` / all tasks. */
  readonly share: number;
}

export interface TaskPatterns {
  readonly taskCount: number;
  /** Sequences that pass the thresholds, most used first. */
  readonly agentSequences: readonly AgentSequencePattern[];
  /** Every gate, most used first. */
  readonly gates: readonly GateUsage[];
  /** Over all tasks; undefined when there are none. */
  readonly durationMs: DurationSummary | undefined;
}

export interface ExtractOptions {
  readonly thresholds?: Partial<PatternThresholds>;
}

/** The types of the agent runs that succeeded, in order. */
export function successfulAgents(task: FinishedTask): string[] {
  return task.agents.filter((run) => run.success).map((run) => run.type);
}

export function summarizeDurations(durations: readonly number[]): DurationSummary {
  return { medianMs: quantile(durations, 0.5), p90Ms: quantile(durations, 0.9) };
}

function checkThresholds(input: Partial<PatternThresholds> | undefined): PatternThresholds {
  const thresholds = { ...DEFAULT_PATTERN_THRESHOLDS, ...input };
  if (!Number.isInteger(thresholds.minTasks) || thresholds.minTasks < 1) {
    throw new VextrusPatternsError(
      "OPTIONS_INVALID",
      `thresholds.minTasks: expected a whole number ≥ 1, got ${thresholds.minTasks}`,
    );
  }
  const rate = thresholds.minSuccessRate;
  if (typeof rate !== "number" || !(rate >= 0 && rate <= 1)) {
    throw new VextrusPatternsError(
      "OPTIONS_INVALID",
      `thresholds.minSuccessRate: expected a number between 0 and 1, got ${rate}`,
    );
  }
  return thresholds;
}

/**
 * What a history of finished tasks says about how work gets done: the agent sequences that keep working, the gates
 * that are used, and how long things take. Tasks where no agent succeeded have no sequence to learn from.
 */
export function extractPatterns(tasks: readonly FinishedTask[], options: ExtractOptions = {}): TaskPatterns {
  const history = assertTasks(tasks);
  const thresholds = checkThresholds(options.thresholds);

  const groups = new Map<string, { agents: string[]; tasks: FinishedTask[]; runs: number; ok: number }>();
  const gateTasks = new Map<string, number>();
  for (const task of history) {
    const agents = successfulAgents(task);
    if (agents.length > 0) {
      const key = JSON.stringify(agents);
      const group = groups.get(key) ?? { agents, tasks: [], runs: 0, ok: 0 };
      group.tasks.push(task);
      group.runs += task.agents.length;
      group.ok += agents.length;
      groups.set(key, group);
    }
    for (const gate of new Set(task.gates)) gateTasks.set(gate, (gateTasks.get(gate) ?? 0) + 1);
  }

  const agentSequences: AgentSequencePattern[] = [];
  for (const group of groups.values()) {
    const successRate = group.ok / group.runs;
    if (group.tasks.length < thresholds.minTasks || successRate < thresholds.minSuccessRate) continue;
    agentSequences.push({
      agents: group.agents,
      taskIds: group.tasks.map((task) => task.id),
      successRate,
      durationMs: summarizeDurations(group.tasks.map((task) => task.durationMs)),
    });
  }
  agentSequences.sort(
    (a, b) =>
      b.taskIds.length - a.taskIds.length ||
      b.successRate - a.successRate ||
      a.agents.join(">").localeCompare(b.agents.join(">")),
  );

  const gates = [...gateTasks]
    .map(([gate, count]) => ({ gate, tasks: count, share: count / history.length }))
    .sort((a, b) => b.tasks - a.tasks || a.gate.localeCompare(b.gate));

  return {
    taskCount: history.length,
    agentSequences,
    gates,
    durationMs: history.length === 0 ? undefined : summarizeDurations(history.map((task) => task.durationMs)),
  };
}
