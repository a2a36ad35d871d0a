import { join, resolve } from "node:path";
import { STATE_FILES } from "@vextrus/config";
import { createPatternIndex, recommendApproach, type TaskHistory } from "@vextrus/patterns";
import { readTaskHistory } from "@vextrus/patterns/node";
import { type CliContext, stateDir } from "../../context.js";
import { formatInt, painter, renderTable } from "../../format.js";
import { transcriptTasks } from "./transcript-tasks.js";

export interface PatternsOptions {
  history?: string;
  files?: string[];
  json?: boolean;
}

const minutes = (ms: number) => `${Math.round(ms / 60_000)} min`;

/** `warning: tasks.jsonl: 2 unreadable line(s) skipped (line 3: not JSON (…); …)` */
function skippedWarning(path: string, read: TaskHistory): string {
  const shown = read.problems.map((p) => `line ${p.line}: ${p.reason}`).join("; ");
  const more = read.skipped > read.problems.length ? "; …" : "";
  return `warning: ${path}: ${read.skipped} unreadable line(s) skipped (${shown}${more})\n`;
}

export async function runPatternsRecommend(
  ctx: CliContext,
  description: string,
  options: PatternsOptions,
): Promise<number> {
  const path = options.history ? resolve(ctx.cwd, options.history) : join(stateDir(ctx), STATE_FILES.tasks);
  const read = readTaskHistory(path);
  if (read.skipped > 0) ctx.stderr(skippedWarning(path, read));
  // The hooks' history, and (unless a file was named) the turns of this project's transcripts it lacks.
  const more = options.history ? { tasks: [], source: "" } : await transcriptTasks(ctx, read.tasks);
  const history = [...read.tasks, ...more.tasks];
  const index = createPatternIndex(history);
  const result = recommendApproach(index, { description, ...(options.files && { files: options.files }) });
  if (options.json) {
    ctx.stdout(
      `${JSON.stringify({ history: { path, tasks: history.length, skipped: read.skipped, fromTranscripts: more.tasks.length }, ...result }, null, 2)}\n`,
    );
    return 0;
  }
  const paint = painter(ctx.color);
  if (result.status === "no-similar-tasks") {
    const why = {
      // Where the history comes from, so an empty one says what fills it.
      "empty-history": `no finished tasks yet: none in ${path} (the Vextrus Stop hook adds each turn that edited files or ran subagents, once \`vextrus init\` has installed the hooks)${more.source ? `, ${more.source}` : ""}`,
      "no-terms": "the description has no words to match",
      "below-threshold": `none of ${formatInt(history.length)} finished tasks is similar enough`,
    }[result.reason];
    ctx.stdout(`No similar tasks: ${why}.\n`);
    return 0;
  }
  let out = `${paint.bold("Recommended approach")} (confidence ${Math.round(result.confidence * 100)}%, from ${result.matches.length} similar task(s) of ${formatInt(history.length)})\n`;
  out += `  Agents  ${result.agents.join(" → ") || "—"}\n`;
  out += `  Gates   ${result.gates.join(", ") || "—"}\n`;
  out += `  Time    about ${minutes(result.estimatedDurationMs)} (${minutes(result.durationRangeMs.low)}–${minutes(result.durationRangeMs.high)})\n`;
  out += renderTable(
    ["Similar task", "Similarity", "Matched on"],
    result.matches.map((m) => [
      m.taskId,
      `${Math.round(m.similarity * 100)}%`,
      m.matchedTerms.map((t) => t.words.join("/")).join(", "),
    ]),
    { numeric: [1], paint },
  );
  ctx.stdout(out);
  return 0;
}
