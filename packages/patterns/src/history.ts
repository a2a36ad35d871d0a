import { VextrusPatternsError } from "./errors.js";
import { assertTask, type FinishedTask } from "./task.js";

// The finished-task history (`tasks.jsonl`): one finished task a JSON line, appended as tasks finish. One policy for
// every reader: a line that is not JSON, not a valid task, or repeats an earlier task's id is skipped and counted,
// never fatal, so one damaged line cannot silence the history nor hide the tasks around it.

/** A line of the history that was skipped, numbered from 1 within the text read. */
export interface SkippedLine {
  readonly line: number;
  readonly reason: string;
}

export interface TaskHistory {
  /** The valid tasks, in file order; the first of several lines with one id. */
  readonly tasks: readonly FinishedTask[];
  /** How many lines were skipped (blank lines and a tail's cut first line are not counted). */
  readonly skipped: number;
  /** The first few skipped lines and why, for a message that says where to look. */
  readonly problems: readonly SkippedLine[];
}

export interface ParseHistoryOptions {
  /** The text starts mid-line (a tail read from inside the file): its first line is dropped, uncounted. */
  readonly partialStart?: boolean;
  /** How many skipped lines `problems` lists; default 5. */
  readonly maxProblems?: number;
}

const PREFIX = /^\[vextrus\] \[patterns\] /;

function reasonOf(error: unknown): string {
  if (error instanceof VextrusPatternsError) return error.message.replace(PREFIX, "");
  return `not JSON (${error instanceof Error ? error.message : String(error)})`;
}

/**
 * The tasks of a history's text: JSON Lines as the hooks append them, or a JSON array of tasks (a history written
 * by hand or exported). Bad lines (or array items) are skipped and counted, never thrown.
 */
export function parseTaskHistory(text: string, options: ParseHistoryOptions = {}): TaskHistory {
  const maxProblems = options.maxProblems ?? 5;
  let body = text;
  let firstLine = 1;
  if (options.partialStart) {
    const end = text.indexOf("\n");
    body = end === -1 ? "" : text.slice(end + 1);
    firstLine = 2;
  }
  const tasks: FinishedTask[] = [];
  const problems: SkippedLine[] = [];
  const lineOfId = new Map<string, number>();
  let skipped = 0;
  const skip = (line: number, reason: string) => {
    skipped += 1;
    if (problems.length < maxProblems) problems.push({ line, reason });
  };
  const take = (value: unknown, line: number, field: string) => {
    let task: FinishedTask;
    try {
      task = assertTask(value, field);
    } catch (error) {
      skip(line, reasonOf(error));
      return;
    }
    const first = lineOfId.get(task.id);
    if (first !== undefined)
      return skip(line, `${field}.id: ${JSON.stringify(task.id)} repeats line ${first}`);
    lineOfId.set(task.id, line);
    tasks.push(task);
  };

  const array = !options.partialStart && body.trimStart().startsWith("[") ? parseArray(body) : undefined;
  if (array !== undefined) {
    // An array is one document: its items have no lines of their own, so an item is reported by its index.
    for (const [i, item] of array.entries()) take(item, i + 1, `tasks[${i}]`);
    return { tasks, skipped, problems };
  }
  const lines = body.split("\n");
  for (const [i, raw] of lines.entries()) {
    const text = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (text.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      skip(firstLine + i, reasonOf(error));
      continue;
    }
    take(value, firstLine + i, "task");
  }
  return { tasks, skipped, problems };
}

/** The items of a JSON array document; undefined when the text is not one (then it is read as lines). */
function parseArray(text: string): unknown[] | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A finished task as one history line, newline included. Throws `TASK_INVALID` (naming the field) for a task no
 * reader would accept, so the writer never appends a line the readers skip.
 */
export function formatTaskLine(task: FinishedTask): string {
  assertTask(task);
  return `${JSON.stringify(task)}\n`;
}
