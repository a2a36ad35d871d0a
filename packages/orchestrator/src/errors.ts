import { VextrusError } from "@vextrus/errors";

export type OrchestratorErrorCode =
  | "CONFIG_INVALID"
  | "GATE_INVALID"
  | "PLAN_INVALID"
  | "RUNNER_FAILED"
  | "ABORTED"
  | "TIMEOUT";

/**
 * Every error this package throws on purpose; `code` is stable, the message names the field and the fix. A
 * `VextrusError`: `detail` is the message without the `[vextrus] [orchestrator]` prefix.
 */
export class VextrusOrchestratorError extends VextrusError<OrchestratorErrorCode> {
  override readonly name = "VextrusOrchestratorError";

  constructor(code: OrchestratorErrorCode, message: string, options?: { cause?: unknown }) {
    super("orchestrator", code, message, options);
  }
}
