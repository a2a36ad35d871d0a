import { appendFileSync, closeSync, openSync, readFileSync, readSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { STATE_FILES } from "@vextrus/config";
import type { AgentRun, FinishedTask } from "@vextrus/patterns";
import { appendTaskHistory } from "@vextrus/patterns/node";
import type { HookContext } from "./context.js";
import { toolCallPaths } from "./tool-call-paths.js";
import { writeJsonAtomic } from "./write-json.js";

// What a turn did, gathered across hook processes: UserPromptSubmit writes the prompt, each finished subagent
// appends a line (appends of one short line are atomic, so parallel subagents lose nothing), Stop turns it all
// into one finished task in `tasks.jsonl`, which `vextrus patterns` and the prewarming hints learn from.

interface TurnStart {
  prompt: string;
  startedAt: number;
  /** Transcript size when the prompt came: the turn's tool calls are the lines after it. */
  transcriptOffset: number;
}

const SAFE_ID = /^[\w-]{1,128}$/;

function turnFiles(ctx: HookContext): { start: string; agents: string } | undefined {
  const id = ctx.input.session_id;
  if (!id || !SAFE_ID.test(id)) return undefined;
  const dir = join(ctx.stateDir, STATE_FILES.turns);
  return { start: join(dir, `${id}.json`), agents: join(dir, `${id}.agents.jsonl`) };
}

/** Size of a regular file; 0 for anything else (missing, a folder, a device, a path Node refuses). */
function sizeOf(path: string | undefined): number {
  if (!path) return 0;
  try {
    const st = statSync(path, { throwIfNoEntry: false });
    return st?.isFile() ? st.size : 0;
  } catch {
    return 0;
  }
}

export function noteTurnStart(ctx: HookContext, prompt: string): void {
  const files = turnFiles(ctx);
  if (!files) return;
  const start: TurnStart = {
    prompt: prompt.slice(0, 4000),
    startedAt: ctx.now().getTime(),
    transcriptOffset: sizeOf(ctx.input.transcript_path),
  };
  writeJsonAtomic(files.start, start);
  rmSync(files.agents, { force: true });
}

export function noteAgentRun(ctx: HookContext, run: AgentRun): void {
  const files = turnFiles(ctx);
  if (!files) return;
  try {
    appendFileSync(files.agents, `${JSON.stringify(run)}\n`, { mode: 0o600 });
  } catch {
    // No turn started (the hooks were installed mid-turn): nothing to learn from this one.
  }
}

const EDIT_TOOLS: ReadonlySet<string> = new Set(["Edit", "Write", "MultiEdit", "NotebookEdit"]);

/** Project-relative paths the main thread edited in the transcript's bytes from `offset` on. */
function editedFiles(transcript: string, offset: number, projectRoot: string): string[] {
  const size = sizeOf(transcript);
  if (size <= offset) return [];
  const length = Math.min(size - offset, 16 * 1024 * 1024);
  const buf = Buffer.alloc(length);
  const fd = openSync(transcript, "r");
  try {
    readSync(fd, buf, 0, length, offset);
  } finally {
    closeSync(fd);
  }
  return toolCallPaths(buf.toString("utf8"), EDIT_TOOLS, projectRoot).inside;
}

/**
 * Ends the turn: a turn that edited files or ran subagents becomes one finished task in `tasks.jsonl`. Returns
 * it, or undefined when the turn did neither (a question answered is not a task to learn from).
 */
export function finishTurn(ctx: HookContext): FinishedTask | undefined {
  const files = turnFiles(ctx);
  if (!files) return undefined;
  let start: TurnStart;
  try {
    start = JSON.parse(readFileSync(files.start, "utf8")) as TurnStart;
  } catch {
    return undefined;
  }
  let agents: AgentRun[] = [];
  try {
    agents = readFileSync(files.agents, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as AgentRun);
  } catch {
    // none ran
  }
  rmSync(files.start, { force: true });
  rmSync(files.agents, { force: true });
  const transcript = ctx.input.transcript_path;
  const changed = transcript ? editedFiles(transcript, start.transcriptOffset, ctx.projectRoot) : [];
  if (changed.length === 0 && agents.length === 0) return undefined;
  const now = ctx.now();
  const task: FinishedTask = {
    id: `${ctx.input.session_id}:${start.startedAt}`,
    description: start.prompt,
    files: changed,
    agents,
    gates: [],
    durationMs: Math.max(0, now.getTime() - start.startedAt),
    finishedAt: now.toISOString(),
  };
  try {
    appendTaskHistory(join(ctx.stateDir, STATE_FILES.tasks), task);
  } catch (error) {
    // A turn no reader could learn from (a blank prompt) is not written.
    if ((error as { code?: string }).code === "TASK_INVALID") return undefined;
    throw error;
  }
  return task;
}
