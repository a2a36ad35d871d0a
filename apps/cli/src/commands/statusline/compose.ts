import type { StatuslineSegment } from "@vextrus/config";
import { formatUsd, type Pico } from "@vextrus/cost";
import { createColors } from "../../colors.js";

/** What the status line knows, each figure absent when its source had nothing (no ledger, no payload field). */
export interface StatuslineFigures {
  model?: string;
  /** This session's cost as we priced it from its transcript. */
  sessionPico?: Pico;
  /** Claude Code's own figure for the session: shown when ours is not known (yet). */
  reportedSessionPico?: Pico;
  todayPico?: Pico;
  block?: { costPico: Pico; remainingMinutes: number; burnPicoPerHour: Pico | null };
  fiveHourPct?: number;
  sevenDayPct?: number;
  budget?: { usedPct: number; level: "ok" | "warning" | "exceeded" };
  /** What the cache and routing saved today (the project's metrics), when they saved anything. */
  savedTodayPico?: Pico;
}

export interface ComposeOptions {
  segments: readonly StatuslineSegment[];
  color: boolean;
}

export const SEPARATOR = " | ";

/** `2h05m`, `45m`. */
function duration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, "0")}m` : `${m}m`;
}

/** `42%`: whole percent, one decimal below 10 so a fresh limit is not shown as 0%. */
const pct = (value: number) => `${value < 10 ? value.toFixed(1).replace(/\.0$/, "") : Math.round(value)}%`;

/**
 * The one line: the chosen segments in the chosen order, each left out when its figure is unknown, so the line is
 * never broken, only shorter.
 */
export function composeStatusline(figures: StatuslineFigures, options: ComposeOptions): string {
  const c = createColors(options.color);
  const usage = (value: number, text: string) =>
    value >= 100 ? c.red(text) : value >= 80 ? c.yellow(text) : text;
  const parts: string[] = [];
  for (const segment of options.segments) {
    switch (segment) {
      case "model":
        if (figures.model !== undefined) parts.push(c.bold(figures.model));
        break;
      case "session":
        if (figures.sessionPico !== undefined) parts.push(`session ${formatUsd(figures.sessionPico)}`);
        else if (figures.reportedSessionPico !== undefined)
          parts.push(`session ${formatUsd(figures.reportedSessionPico)} ${c.dim("(Claude Code)")}`);
        break;
      case "today":
        if (figures.todayPico !== undefined) parts.push(`today ${formatUsd(figures.todayPico)}`);
        break;
      case "block": {
        const block = figures.block;
        if (block === undefined) break;
        const rate = block.burnPicoPerHour === null ? "" : `, ${formatUsd(block.burnPicoPerHour)}/h`;
        parts.push(`block ${formatUsd(block.costPico)}, ${duration(block.remainingMinutes)} left${rate}`);
        break;
      }
      case "limits": {
        const limits: string[] = [];
        if (figures.fiveHourPct !== undefined)
          limits.push(usage(figures.fiveHourPct, `5h ${pct(figures.fiveHourPct)}`));
        if (figures.sevenDayPct !== undefined)
          limits.push(usage(figures.sevenDayPct, `7d ${pct(figures.sevenDayPct)}`));
        if (limits.length > 0) parts.push(limits.join(" "));
        break;
      }
      case "budget": {
        const budget = figures.budget;
        if (budget === undefined) break;
        const shown = `budget ${pct(budget.usedPct)}`;
        parts.push(
          budget.level === "exceeded"
            ? c.red(shown)
            : budget.level === "warning"
              ? c.yellow(shown)
              : c.green(shown),
        );
        break;
      }
      case "savings":
        if (figures.savedTodayPico !== undefined)
          parts.push(c.green(`saved ${formatUsd(figures.savedTodayPico)}`));
        break;
    }
  }
  return parts.join(c.dim(SEPARATOR));
}
