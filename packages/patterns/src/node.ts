// `@vextrus/patterns/node`: the finished-task history on disk. The rules (format, bad-line policy) are in
// `parseTaskHistory` and `formatTaskLine`; this entry only reads and appends bytes.
import { appendFileSync, closeSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { formatTaskLine, parseTaskHistory, type TaskHistory } from "./history.js";
import type { FinishedTask } from "./task.js";

/** The newest this many bytes of history are enough to learn from while a hook waits: the default tail. */
export const TASK_HISTORY_TAIL_BYTES = 2 * 1024 * 1024;

export interface ReadHistoryOptions {
  /** Read only the newest this many bytes (whole lines of them); default the whole file. */
  readonly tailBytes?: number;
}

const EMPTY: TaskHistory = Object.freeze({ tasks: [], skipped: 0, problems: [] });

/** The history in a file; empty when the file does not exist. Bad lines are skipped and counted. */
export function readTaskHistory(path: string, options: ReadHistoryOptions = {}): TaskHistory {
  const size = statSync(path, { throwIfNoEntry: false })?.size ?? 0;
  if (size === 0) return EMPTY;
  const tail = options.tailBytes;
  if (tail === undefined || size <= tail) return parseTaskHistory(readFileSync(path, "utf8"));
  // One byte more than the tail: when it is a newline, the tail starts on a whole line.
  const length = tail + 1;
  const buf = Buffer.alloc(length);
  const fd = openSync(path, "r");
  try {
    readSync(fd, buf, 0, length, size - length);
  } finally {
    closeSync(fd);
  }
  const partialStart = buf[0] !== 0x0a;
  return parseTaskHistory(buf.subarray(1).toString("utf8"), { partialStart });
}

/** Appends one finished task as one line (one short append is atomic, so parallel writers lose nothing). */
export function appendTaskHistory(path: string, task: FinishedTask): void {
  appendFileSync(path, formatTaskLine(task), { mode: 0o600 });
}
