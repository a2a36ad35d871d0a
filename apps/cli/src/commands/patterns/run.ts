import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { createPatternIndex, type FinishedTask, recommendApproach } from "@vextrus/patterns";
import { type CliContext, CliError, stateDir } from "../../context.js";
import { formatInt, painter, renderTable } from "../../format.js";

export interface PatternsOptions {
  history?: string;
  files?: string[];
  json?: boolean;
}

/** Finished tasks: a JSON array, or JSON Lines (one task a line, as they are appended when tasks finish). */
export function readHistory(path: string): FinishedTask[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, "utf8").trim();
  if (text === "") return [];
  try {
    if (text.startsWith("[")) return JSON.parse(text) as FinishedTask[];
    return text
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l) as FinishedTask);
  } catch (error) {
    throw new CliError(
      `${path}: not valid JSON or JSON Lines (${(error as Error).message}); fix or move the file`,
    );
  }
}

const minutes = (ms: number) => `${Math.round(ms / 60_000)} min`;

export async function runPatternsRecommend(
  ctx: CliContext,
  description: string,
  options: PatternsOptions,
): Promise<number> {
  const path = options.history ? resolve(ctx.cwd, options.history) : join(stateDir(ctx), "tasks.jsonl");
  const history = readHistory(path);
  const index = createPatternIndex(history);
  const result = recommendApproach(index, { description, ...(options.files && { files: options.files }) });
  if (options.json) {
    ctx.stdout(`${JSON.stringify({ history: { path, tasks: history.length }, ...result }, null, 2)}\n`);
    return 0;
  }
  const paint = painter(ctx.color);
  if (result.status === "no-similar-tasks") {
    const why = {
      "empty-history": `no finished tasks recorded yet (${path})`,
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
