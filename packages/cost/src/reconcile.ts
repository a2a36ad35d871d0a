import type { Pico } from "./money.js";

/** Our figure for a session next to the one Claude Code reported for it (`cost.total_cost_usd`, its status line). */
export interface Reconciliation {
  oursPico: Pico;
  reportedPico: Pico;
  /** Ours minus Claude Code's: positive when we count more. */
  differencePico: Pico;
  /** The difference as a share of Claude Code's figure, in percent (0 when both are 0; null when only ours is). */
  differencePct: number | null;
  /** The two agree to the cent, the precision either figure is shown with. */
  agrees: boolean;
}

const CENT: Pico = 10_000_000_000n;

/**
 * Compares a session's cost as we priced it from its transcripts with what Claude Code reported while it ran. The
 * figure users trust most is the one two sources agree on; a difference points at unpriced models, a price
 * override, or requests one side has not seen yet (Claude Code's figure lags or leads the transcript by a turn).
 */
export function reconcileSession(oursPico: Pico, reportedPico: Pico): Reconciliation {
  const differencePico = oursPico - reportedPico;
  const abs = differencePico < 0n ? -differencePico : differencePico;
  const differencePct =
    reportedPico === 0n
      ? oursPico === 0n
        ? 0
        : null
      : Number((differencePico * 10_000n) / reportedPico) / 100;
  return { oursPico, reportedPico, differencePico, differencePct, agrees: abs < CENT / 2n };
}
