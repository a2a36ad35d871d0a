import { VextrusOrchestratorError } from "../errors.js";
import type { GateResult } from "./gate.js";

/** What a gate runner decides; the name, duration and output tail are the caller's. */
export type GateOutcome = Pick<GateResult, "status" | "exitCode" | "error">;

/**
 * A gate's abort reason says which of the two ways it was stopped: its own timeout (`TIMEOUT`) or the run
 * (`ABORTED`: the caller's signal, or failFast after another gate failed).
 */
export function stoppedOutcome(reason: unknown, exitCode: number | null, detail = ""): GateOutcome {
  const error = reason instanceof VextrusOrchestratorError ? reason : undefined;
  const message = error?.detail ?? "cancelled";
  return {
    status: error?.code === "TIMEOUT" ? "timed-out" : "cancelled",
    exitCode,
    error: `${message}${detail}`,
  };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
