import { existsSync, readdirSync, readFileSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import { classifyTranscriptPath, claudeProjectFolderName, transcriptTurns } from "@vextrus/cost";
import { type FinishedTask, type TurnFacts, tasksFromTurns } from "@vextrus/patterns";
import { type CliContext, projectRoot } from "../../context.js";
import { loadTranscriptRuns } from "../insights/history.js";

/**
 * The finished tasks of this project's Claude Code transcripts that the hooks' history lacks (@vextrus/patterns'
 * tasksFromTurns: a session the hooks recorded is theirs), with a line on where they came from.
 */
export async function transcriptTasks(
  ctx: CliContext,
  recorded: readonly FinishedTask[],
): Promise<{ tasks: FinishedTask[]; source: string }> {
  const root = projectRoot(ctx);
  const loaded = await loadTranscriptRuns(ctx, {});
  const folders = loaded.projectDirs
    .map((d) => join(d, claudeProjectFolderName(root)))
    .filter((d) => existsSync(d));
  if (folders.length === 0)
    return { tasks: [], source: `no Claude Code transcripts of ${root} (${loaded.source})` };
  const outcome = new Map(
    loaded.runs.map((r) => [
      r.id,
      { type: r.agentType, success: r.status !== "error" && r.status !== "interrupted" },
    ]),
  );
  const turns: TurnFacts[] = [];
  for (const folder of folders)
    for (const name of readdirSync(folder)) {
      // The main sessions only; subagents live in <session>/subagents/.
      const kind = classifyTranscriptPath(`project/${name}`);
      if (kind.kind !== "transcript" || kind.agentId !== null) continue;
      for (const turn of transcriptTurns(readFileSync(join(folder, name), "utf8"))) {
        const base = turn.cwd || root;
        const files = turn.edited
          .map((p) => relative(base, isAbsolute(p) ? p : join(base, p)))
          .filter((p) => p !== "" && !p.startsWith("..") && !isAbsolute(p));
        const agents = turn.agentCalls.flatMap((id) => outcome.get(id) ?? []);
        turns.push({
          sessionId: turn.sessionId,
          prompt: turn.prompt,
          start: turn.start,
          end: turn.end,
          agents,
          files,
        });
      }
    }
  const tasks = tasksFromTurns(turns, recorded);
  return { tasks, source: `${tasks.length} more from the Claude Code transcripts of ${root}` };
}
