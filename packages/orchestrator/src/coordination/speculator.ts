import { VextrusOrchestratorError } from "../errors.js";
import { throwIfAborted } from "./abort.js";

export interface SpeculatorOptions {
  /** Below this approval rate over the window, speculation turns off; default 0.8. */
  minSuccessRate?: number;
  /** How many recent reviews the rate is taken over; default 20. */
  window?: number;
  /**
   * The rate at which speculation turns back on; default halfway from `minSuccessRate` to 1 (0.9 for 0.8). The
   * gap is the hysteresis: with one threshold a rate hovering at 80% would flip the mode on every review.
   */
  resumeRate?: number;
  /** Reviews needed before the rate can turn speculation off, so one early rejection does not; default min(5, window). */
  minSamples?: number;
  /** Milliseconds, monotonic; default `performance.now`. */
  now?: () => number;
}

export interface ReviewOutcome<P> {
  approved: boolean;
  /** What to implement instead when not approved; without it a rejection implements nothing. */
  revisedPlan?: P;
}

export interface SpeculationTask<P, T> {
  plan: P;
  /** The signal aborts when the caller's does. */
  review: (signal: AbortSignal) => Promise<ReviewOutcome<P>>;
  /** Must honour the signal: a rejected speculation is stopped through it. */
  implement: (plan: P, signal: AbortSignal) => Promise<T>;
  signal?: AbortSignal;
}

export interface SpeculationOutcome<T> {
  approved: boolean;
  /** Whether the implementation was started alongside the review. */
  speculative: boolean;
  /** False when the review rejected the plan and offered no revision. */
  implemented: boolean;
  value: T | undefined;
  /** Implementation time that overlapped the review and was kept: what review-then-implement would add. */
  savedMs: number;
  /** Time the discarded speculation ran. */
  wastedMs: number;
  durationMs: number;
}

export interface SpeculatorStats {
  runs: number;
  speculative: number;
  approved: number;
  rejected: number;
  /** Reviews in the window, at most `window`. */
  samples: number;
  /** Approved share of the window; undefined before the first review. */
  approvalRate: number | undefined;
  enabled: boolean;
  /** How many times speculation turned off, then on. */
  disabledCount: number;
  enabledCount: number;
  savedMs: number;
  wastedMs: number;
}

export interface Speculator {
  run<P, T>(task: SpeculationTask<P, T>): Promise<SpeculationOutcome<T>>;
  readonly enabled: boolean;
  stats(): SpeculatorStats;
}

function rate(value: unknown, field: string): number {
  if (typeof value !== "number" || !(value >= 0 && value <= 1))
    throw new VextrusOrchestratorError(
      "CONFIG_INVALID",
      `${field}: expected a rate from 0 to 1, got ${String(value)}`,
    );
  return value;
}

function count(value: unknown, field: string, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > max)
    throw new VextrusOrchestratorError(
      "CONFIG_INVALID",
      `${field}: expected an integer from 1 to ${max}, got ${String(value)}`,
    );
  return value;
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Speculative execution: implement a plan while it is still being reviewed. An approval keeps the speculative
 * result (saving the overlap); a rejection aborts it and implements the revised plan from scratch. The approval
 * rate over the last `window` reviews decides whether speculating pays: it turns off below `minSuccessRate`, and
 * back on at `resumeRate`. While off, reviews still run, so the rate keeps being measured and can recover.
 */
export function createSpeculator(options: SpeculatorOptions = {}): Speculator {
  const minSuccessRate = rate(options.minSuccessRate ?? 0.8, "minSuccessRate");
  const window = count(options.window ?? 20, "window");
  const resumeRate = rate(options.resumeRate ?? minSuccessRate + (1 - minSuccessRate) / 2, "resumeRate");
  if (resumeRate < minSuccessRate)
    throw new VextrusOrchestratorError(
      "CONFIG_INVALID",
      `resumeRate: expected at least minSuccessRate (${minSuccessRate}), got ${resumeRate}`,
    );
  const minSamples = count(options.minSamples ?? Math.min(5, window), "minSamples", window);
  const now = options.now ?? (() => performance.now());

  const recent: boolean[] = [];
  let approvedInWindow = 0;
  let enabled = true;
  const totals = {
    runs: 0,
    speculative: 0,
    approved: 0,
    rejected: 0,
    disabledCount: 0,
    enabledCount: 0,
    savedMs: 0,
    wastedMs: 0,
  };

  const record = (approved: boolean) => {
    recent.push(approved);
    if (approved) approvedInWindow += 1;
    if (recent.length > window && recent.shift()) approvedInWindow -= 1;
    if (approved) totals.approved += 1;
    else totals.rejected += 1;
    const current = approvedInWindow / recent.length;
    if (enabled && recent.length >= minSamples && current < minSuccessRate) {
      enabled = false;
      totals.disabledCount += 1;
    } else if (!enabled && current >= resumeRate) {
      enabled = true;
      totals.enabledCount += 1;
    }
  };

  async function sequential<P, T>(task: SpeculationTask<P, T>, signal: AbortSignal) {
    const verdict = await task.review(signal);
    record(verdict.approved);
    const plan = verdict.approved ? task.plan : verdict.revisedPlan;
    const implemented = plan !== undefined;
    const value = implemented ? await task.implement(plan, signal) : undefined;
    return { approved: verdict.approved, speculative: false, implemented, value, savedMs: 0, wastedMs: 0 };
  }

  async function speculative<P, T>(task: SpeculationTask<P, T>, signal: AbortSignal, start: number) {
    totals.speculative += 1;
    const controller = new AbortController();
    let implementedAt: number | undefined;
    // Settled into a value at once, so a speculation that fails while the review runs is never unhandled.
    const speculation: Promise<Settled<T>> = task
      .implement(task.plan, AbortSignal.any([signal, controller.signal]))
      .then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, error }),
      )
      .finally(() => {
        implementedAt = now();
      });
    let verdict: ReviewOutcome<P>;
    try {
      verdict = await task.review(signal);
    } catch (error) {
      controller.abort(error);
      throw error;
    }
    const reviewedAt = now();
    record(verdict.approved);
    if (verdict.approved) {
      const settled = await speculation;
      if (!settled.ok) throw settled.error;
      const savedMs = Math.min(implementedAt ?? reviewedAt, reviewedAt) - start;
      return {
        approved: true,
        speculative: true,
        implemented: true,
        value: settled.value,
        savedMs,
        wastedMs: 0,
      };
    }
    controller.abort(new VextrusOrchestratorError("ABORTED", "speculation: the review rejected the plan"));
    // Not awaited: a fresh start should not wait for a speculation slow to notice its abort.
    const wastedMs = Math.min(implementedAt ?? reviewedAt, reviewedAt) - start;
    const plan = verdict.revisedPlan;
    const value = plan === undefined ? undefined : await task.implement(plan, signal);
    return {
      approved: false,
      speculative: true,
      implemented: plan !== undefined,
      value,
      savedMs: 0,
      wastedMs,
    };
  }

  return {
    get enabled() {
      return enabled;
    },
    async run<P, T>(task: SpeculationTask<P, T>): Promise<SpeculationOutcome<T>> {
      const signal = task.signal ?? new AbortController().signal;
      throwIfAborted(signal, "speculation");
      totals.runs += 1;
      const start = now();
      const outcome = enabled ? await speculative(task, signal, start) : await sequential(task, signal);
      totals.savedMs += outcome.savedMs;
      totals.wastedMs += outcome.wastedMs;
      return {
        approved: outcome.approved,
        speculative: outcome.speculative,
        implemented: outcome.implemented,
        value: outcome.value,
        savedMs: outcome.savedMs,
        wastedMs: outcome.wastedMs,
        durationMs: now() - start,
      };
    },
    stats() {
      return {
        ...totals,
        samples: recent.length,
        approvalRate: recent.length === 0 ? undefined : approvedInWindow / recent.length,
        enabled,
      };
    },
  };
}
