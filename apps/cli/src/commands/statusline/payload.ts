/**
 * What Claude Code sends a status-line command on stdin (docs/statusline.md, Claude Code 2.1.332), as far as the
 * status line uses it. Every field is optional: Claude Code adds and drops fields between versions, and a plan
 * user's payload carries `rate_limits` where an API-key user's does not.
 */
export interface StatuslinePayload {
  sessionId?: string;
  /** `transcript_path`: this session's transcript, read on every run (the others every `rescan_seconds`). */
  transcriptPath?: string;
  /** The folder Claude Code runs in: where the project's settings are looked for. */
  projectDir?: string;
  model?: string;
  /** `cost.total_cost_usd`: Claude Code's own running total for this session. */
  reportedCostUsd?: number;
  /** `rate_limits.five_hour.used_percentage` and `rate_limits.seven_day.used_percentage`, 0-100. */
  fiveHourPct?: number;
  sevenDayPct?: number;
}

export interface PayloadReading {
  payload: StatuslinePayload;
  /** Why nothing (or less) could be read, for a note on stderr; undefined when the input was a JSON object. */
  problem?: string;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const text = (value: unknown): string | undefined =>
  typeof value === "string" && value.trim() !== "" ? value : undefined;

const amount = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined;

const percent = (value: unknown): number | undefined => {
  const n = amount(value);
  return n === undefined ? undefined : Math.min(n, 100);
};

const at = (value: unknown, ...path: string[]): unknown => {
  let here = value;
  for (const key of path) {
    if (!isObject(here)) return undefined;
    here = here[key];
  }
  return here;
};

/**
 * Reads the fields the status line shows and ignores the rest: a field of the wrong type is as good as absent, so a
 * future Claude Code that changes one field still gets a line with everything else.
 */
export function readPayload(input: string): PayloadReading {
  if (input.trim() === "") return { payload: {}, problem: "no input on stdin" };
  let data: unknown;
  try {
    data = JSON.parse(input);
  } catch {
    return { payload: {}, problem: "stdin is not JSON" };
  }
  if (!isObject(data)) return { payload: {}, problem: "stdin is not a JSON object" };
  const payload: StatuslinePayload = {};
  const set = <K extends keyof StatuslinePayload>(key: K, value: StatuslinePayload[K] | undefined) => {
    if (value !== undefined) payload[key] = value;
  };
  set("sessionId", text(data.session_id));
  set("transcriptPath", text(data.transcript_path));
  set("projectDir", text(at(data, "workspace", "project_dir")) ?? text(data.cwd));
  set("model", text(at(data, "model", "display_name")) ?? text(at(data, "model", "id")));
  set("reportedCostUsd", amount(at(data, "cost", "total_cost_usd")));
  set("fiveHourPct", percent(at(data, "rate_limits", "five_hour", "used_percentage")));
  set("sevenDayPct", percent(at(data, "rate_limits", "seven_day", "used_percentage")));
  return { payload };
}
