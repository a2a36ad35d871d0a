import { problemLine } from "./format.js";
import { isBlock } from "./settings.js";

/** What `vextrus statusline` can show, in the order it shows them by default. */
export const STATUSLINE_SEGMENTS = Object.freeze([
  "model",
  "session",
  "today",
  "block",
  "limits",
  "budget",
  "savings",
] as const);

export type StatuslineSegment = (typeof STATUSLINE_SEGMENTS)[number];

/**
 * `rescan_seconds`: how often, at most, the status line reads every session's transcripts (for today, the block and
 * the budget); its own session's are read on every run. Listing hundreds of transcript folders is most of a run, and
 * Claude Code runs it after every assistant message (docs/statusline.md). 0 reads every session's on every run.
 */
export const DEFAULT_STATUSLINE = Object.freeze({ segments: [...STATUSLINE_SEGMENTS], rescan_seconds: 10 });

export interface StatuslineSettings {
  segments: StatuslineSegment[];
  rescanSeconds: number;
}

const isSegment = (value: unknown): value is StatuslineSegment =>
  typeof value === "string" && (STATUSLINE_SEGMENTS as readonly string[]).includes(value);

const EXPECTED_SEGMENTS = `a list of ${STATUSLINE_SEGMENTS.join(", ")} such as ["model", "today", "budget"]`;

/**
 * `optimization.statusline`, read without zod (the status line runs after every assistant message). Each problem
 * is one line naming the path; a bad value falls back to its default and the rest is still read, so a typo never
 * blanks the line.
 */
export function readStatuslineSettings(
  input: unknown,
  path = "optimization.statusline",
): { settings: StatuslineSettings; errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  const settings: StatuslineSettings = {
    segments: [...DEFAULT_STATUSLINE.segments],
    rescanSeconds: DEFAULT_STATUSLINE.rescan_seconds,
  };
  if (input === undefined) return { settings, errors, warnings };
  if (!isBlock(input)) {
    errors.push(problemLine(path, 'an object such as { "segments": ["model", "today"] }', input));
    return { settings, errors, warnings };
  }
  for (const [key, value] of Object.entries(input)) {
    if (key === "rescan_seconds") {
      if (typeof value === "number" && Number.isFinite(value) && value >= 0) settings.rescanSeconds = value;
      else
        errors.push(
          problemLine(`${path}.rescan_seconds`, "a number of seconds, 0 or more, such as 10", value),
        );
      continue;
    }
    if (key !== "segments") {
      warnings.push(`${path}.${key}: unknown setting, ignored`);
      continue;
    }
    if (!Array.isArray(value)) {
      errors.push(problemLine(`${path}.segments`, EXPECTED_SEGMENTS, value));
      continue;
    }
    const bad = value.findIndex((item) => !isSegment(item));
    if (bad >= 0) {
      errors.push(
        problemLine(`${path}.segments[${bad}]`, `one of ${STATUSLINE_SEGMENTS.join(", ")}`, value[bad]),
      );
      continue;
    }
    // A segment named twice is shown once, where it first appears.
    settings.segments = [...new Set(value as StatuslineSegment[])];
  }
  return { settings, errors, warnings };
}
