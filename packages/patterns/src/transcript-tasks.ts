import type { AgentRun, FinishedTask } from "./task.js";

/** A turn read from a Claude Code transcript, with what its subagents did (see @vextrus/cost's transcriptTurns). */
export interface TurnFacts {
  sessionId: string;
  prompt: string;
  start: string;
  end: string;
  /** Its subagent runs that ended, in order. */
  agents: readonly AgentRun[];
  /** Paths it changed, relative to the project. */
  files: readonly string[];
}

/**
 * The finished tasks a history of transcript turns gives, by the Stop hook's rule: a turn that changed files or ran
 * subagents is a task (a question answered is not). A session the hooks already recorded tasks for is theirs
 * alone (the hook's record knows the turn as it ran), so no turn counts twice. Gates are not in a transcript: [].
 */
export function tasksFromTurns(
  turns: readonly TurnFacts[],
  recorded: readonly FinishedTask[],
): FinishedTask[] {
  const hooked = new Set(recorded.map((t) => t.id.slice(0, t.id.lastIndexOf(":"))));
  const out: FinishedTask[] = [];
  for (const turn of turns) {
    if (hooked.has(turn.sessionId)) continue;
    if (turn.files.length === 0 && turn.agents.length === 0) continue;
    const start = Date.parse(turn.start);
    const end = Date.parse(turn.end);
    if (Number.isNaN(start) || Number.isNaN(end)) continue;
    out.push({
      id: `${turn.sessionId}:${start}`,
      description: turn.prompt,
      files: [...turn.files],
      agents: turn.agents.map((a) => ({ ...a })),
      gates: [],
      durationMs: Math.max(0, end - start),
      finishedAt: new Date(end).toISOString(),
    });
  }
  return out;
}
