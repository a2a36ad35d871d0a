import { statSync } from "node:fs";
import { join } from "node:path";
import { STATE_FILES } from "@vextrus/config";
import { readTaskHistory, TASK_HISTORY_TAIL_BYTES } from "@vextrus/patterns/node";

/**
 * Which folders, docs and agents the task at hand likely needs, from the most similar finished tasks
 * (`@vextrus/patterns`' `prewarmHints`); undefined when no history is similar enough to say.
 */
export async function prewarmHint(
  ctx: { projectRoot: string; stateDir: string },
  description: string,
): Promise<string | undefined> {
  const { tasks } = readTaskHistory(join(ctx.stateDir, STATE_FILES.tasks), {
    tailBytes: TASK_HISTORY_TAIL_BYTES,
  });
  if (tasks.length === 0 || description.trim() === "") return undefined;
  const { prewarmHints } = await import("@vextrus/patterns");
  const hints = prewarmHints(tasks, description, {
    isFile: (path) => statSync(join(ctx.projectRoot, path), { throwIfNoEntry: false })?.isFile() === true,
  });
  if (!hints) return undefined;
  const parts = [`${hints.matches} similar past task(s), confidence ${hints.confidence.toFixed(2)}`];
  if (hints.folders.length > 0) parts.push(`they touched ${hints.folders.join(", ")}`);
  if (hints.docs.length > 0) parts.push(`read first: ${hints.docs.join(", ")}`);
  if (hints.agents.length > 0) parts.push(`agents that worked: ${hints.agents.join(" → ")}`);
  parts.push(`took about ${Math.max(1, Math.round(hints.estimatedDurationMs / 60_000))} min`);
  return `Likely relevant (Vextrus, from ${parts.join("; ")}).`;
}
