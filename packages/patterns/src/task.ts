import { VextrusPatternsError } from "./errors.js";

/** One agent run of a task, in the order the runs happened. */
export interface AgentRun {
  readonly type: string;
  readonly success: boolean;
}

/** A task that is done, as the history remembers it. */
export interface FinishedTask {
  /** Unique within a history: matches refer to tasks by id. */
  readonly id: string;
  readonly description: string;
  /** Paths the task changed. */
  readonly files: readonly string[];
  readonly agents: readonly AgentRun[];
  /** Quality gates the task passed through (lint, tests, review…); a gate named twice counts once. */
  readonly gates: readonly string[];
  readonly durationMs: number;
  readonly commits?: number;
  /** ISO 8601; kept for the caller, never read by the ranking. */
  readonly finishedAt?: string;
}

/** What is known about a task before it starts. */
export interface TaskQuery {
  readonly description: string;
  readonly files?: readonly string[];
}

function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return "an array";
  return value === null ? "null" : typeof value === "object" ? "an object" : String(value);
}

function fail(field: string, expected: string, got: unknown): never {
  throw new VextrusPatternsError("TASK_INVALID", `${field}: ${expected}, got ${show(got)}`);
}

function isText(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}

function checkStrings(value: unknown, field: string, what: string): void {
  if (!Array.isArray(value)) fail(field, `expected an array of ${what}`, value);
  for (const [i, item] of value.entries()) {
    if (!isText(item)) fail(`${field}[${i}]`, `expected a non-empty ${what.replace(/s$/, "")}`, item);
  }
}

function checkTask(task: unknown, field: string): void {
  if (typeof task !== "object" || task === null || Array.isArray(task)) {
    fail(field, "expected a finished task object", task);
  }
  const t = task as Record<string, unknown>;
  if (!isText(t.id)) fail(`${field}.id`, "expected a non-empty string", t.id);
  if (!isText(t.description)) fail(`${field}.description`, "expected a non-empty description", t.description);
  checkStrings(t.files, `${field}.files`, "paths");
  if (!Array.isArray(t.agents)) fail(`${field}.agents`, "expected an array of { type, success }", t.agents);
  for (const [i, run] of t.agents.entries()) {
    const at = `${field}.agents[${i}]`;
    if (typeof run !== "object" || run === null) fail(at, "expected { type, success }", run);
    const r = run as Record<string, unknown>;
    if (!isText(r.type)) fail(`${at}.type`, 'expected a non-empty agent type such as "coder"', r.type);
    if (typeof r.success !== "boolean") fail(`${at}.success`, "expected true or false", r.success);
  }
  checkStrings(t.gates, `${field}.gates`, "gate names");
  if (typeof t.durationMs !== "number" || !Number.isFinite(t.durationMs) || t.durationMs < 0) {
    fail(`${field}.durationMs`, "expected a finite number of milliseconds ≥ 0", t.durationMs);
  }
  if (t.commits !== undefined && (!Number.isInteger(t.commits) || (t.commits as number) < 0)) {
    fail(`${field}.commits`, "expected a whole number ≥ 0", t.commits);
  }
  if (
    t.finishedAt !== undefined &&
    (typeof t.finishedAt !== "string" || Number.isNaN(Date.parse(t.finishedAt)))
  ) {
    fail(`${field}.finishedAt`, "expected an ISO 8601 date", t.finishedAt);
  }
}

/** Throws when `task` is not a finished task, naming the field as `<field>.<name>` (`task.durationMs: …`). */
export function assertTask(task: unknown, field = "task"): FinishedTask {
  checkTask(task, field);
  return task as FinishedTask;
}

/** Throws on the first invalid task, naming it as `tasks[i].field`; ids must be unique. */
export function assertTasks(tasks: unknown): readonly FinishedTask[] {
  if (!Array.isArray(tasks)) fail("tasks", "expected an array of finished tasks", tasks);
  const seen = new Map<string, number>();
  for (const [i, task] of tasks.entries()) {
    checkTask(task, `tasks[${i}]`);
    const id = (task as FinishedTask).id;
    const first = seen.get(id);
    if (first !== undefined) fail(`tasks[${i}].id`, `expected a unique id (tasks[${first}] has it too)`, id);
    seen.set(id, i);
  }
  return tasks as readonly FinishedTask[];
}

export function assertQuery(task: unknown): TaskQuery {
  const invalid = (field: string, expected: string, got: unknown): never => {
    throw new VextrusPatternsError("QUERY_INVALID", `${field}: ${expected}, got ${show(got)}`);
  };
  if (typeof task !== "object" || task === null) invalid("task", "expected { description, files? }", task);
  const t = task as Record<string, unknown>;
  if (!isText(t.description)) invalid("task.description", "expected a non-empty description", t.description);
  if (t.files !== undefined) {
    if (!Array.isArray(t.files)) invalid("task.files", "expected an array of paths", t.files);
    for (const [i, path] of (t.files as unknown[]).entries()) {
      if (typeof path !== "string") invalid(`task.files[${i}]`, "expected a path", path);
    }
  }
  return task as TaskQuery;
}
