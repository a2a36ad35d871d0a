import { closeSync, openSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import type { FinishedTask } from "@vextrus/patterns";
import { serviceDocs } from "./service-docs.js";

/** The newest this many bytes of history are enough to learn from and keep the hint cheap. */
const HISTORY_TAIL_BYTES = 2 * 1024 * 1024;

const isText = (value: unknown): value is string => typeof value === "string" && value.trim() !== "";

function readHistoryTail(path: string): FinishedTask[] {
  const size = statSync(path, { throwIfNoEntry: false })?.size ?? 0;
  if (size === 0) return [];
  const length = Math.min(size, HISTORY_TAIL_BYTES);
  const buf = Buffer.alloc(length);
  const fd = openSync(path, "r");
  try {
    readSync(fd, buf, 0, length, size - length);
  } finally {
    closeSync(fd);
  }
  const tasks: FinishedTask[] = [];
  const seen = new Set<string>();
  for (const line of buf.toString("utf8").split("\n")) {
    let task: FinishedTask;
    try {
      task = JSON.parse(line);
    } catch {
      continue; // the first, cut line of the tail, or a damaged one
    }
    // The checks @vextrus/patterns makes (blank text included): one line it rejects would fail every hint.
    const ok =
      isText(task?.id) &&
      !seen.has(task.id) &&
      isText(task.description) &&
      Array.isArray(task.files) &&
      task.files.every(isText) &&
      Array.isArray(task.agents) &&
      task.agents.every((a) => isText(a?.type) && typeof a.success === "boolean") &&
      Array.isArray(task.gates) &&
      task.gates.every(isText) &&
      Number.isFinite(task.durationMs) &&
      task.durationMs >= 0 &&
      (task.commits === undefined || (Number.isInteger(task.commits) && task.commits >= 0)) &&
      (task.finishedAt === undefined ||
        (typeof task.finishedAt === "string" && !Number.isNaN(Date.parse(task.finishedAt))));
    if (!ok) continue;
    seen.add(task.id);
    tasks.push(task);
  }
  return tasks;
}

const folderOf = (path: string) => (path.includes("/") ? `${path.slice(0, path.lastIndexOf("/"))}/` : path);

/**
 * Which folders, docs and agents the task at hand likely needs, from the most similar finished tasks; undefined
 * when no history is similar enough to say.
 */
export async function prewarmHint(
  ctx: { projectRoot: string; stateDir: string },
  description: string,
): Promise<string | undefined> {
  const history = readHistoryTail(join(ctx.stateDir, "tasks.jsonl"));
  if (history.length === 0 || description.trim() === "") return undefined;
  const { createPatternIndex, recommendApproach } = await import("@vextrus/patterns");
  const result = recommendApproach(createPatternIndex(history), { description });
  if (result.status !== "recommended" || result.confidence < 0.2) return undefined;
  const byId = new Map(history.map((t) => [t.id, t]));
  const weight = new Map<string, number>();
  for (const match of result.matches)
    for (const file of byId.get(match.taskId)?.files ?? [])
      weight.set(folderOf(file), (weight.get(folderOf(file)) ?? 0) + match.similarity);
  const folders = [...weight.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 5)
    .map(([f]) => f);
  const parts = [`${result.matches.length} similar past task(s), confidence ${result.confidence.toFixed(2)}`];
  if (folders.length > 0) parts.push(`they touched ${folders.join(", ")}`);
  const docs = serviceDocs(ctx.projectRoot, folders);
  if (docs.length > 0) parts.push(`read first: ${docs.join(", ")}`);
  if (result.agents.length > 0) parts.push(`agents that worked: ${result.agents.join(" → ")}`);
  parts.push(`took about ${Math.max(1, Math.round(result.estimatedDurationMs / 60_000))} min`);
  return `Likely relevant (Vextrus, from ${parts.join("; ")}).`;
}
