export type OrchestratorErrorCode =
  | "CONFIG_INVALID"
  | "GATE_INVALID"
  | "PLAN_INVALID"
  | "RUNNER_FAILED"
  | "ABORTED"
  | "TIMEOUT";

/** Every error this package throws on purpose; `code` is stable, the message names the field and the fix. */
export class VextrusOrchestratorError extends Error {
  override readonly name = "VextrusOrchestratorError";
  readonly code: OrchestratorErrorCode;

  constructor(code: OrchestratorErrorCode, message: string, options?: { cause?: unknown }) {
    super(`[vextrus] [orchestrator] ${message}`, options);
    this.code = code;
  }
}
