import { VextrusError } from "@vextrus/errors";

export type RiskErrorCode =
  | "DIFF_INVALID"
  | "CONFIG_INVALID"
  | "INPUT_INVALID"
  // The git adapter's (`@vextrus/risk/git`): the pure core never throws these.
  | "GIT_FAILED"
  | "NOT_A_REPOSITORY"
  | "REF_NOT_FOUND";

/**
 * Every error this package throws on purpose; `code` is stable, the message names the field and the fix. A
 * `VextrusError`: `detail` is the message without the `[vextrus] [risk]` prefix.
 */
export class VextrusRiskError extends VextrusError<RiskErrorCode> {
  override readonly name = "VextrusRiskError";

  constructor(code: RiskErrorCode, message: string, options?: { cause?: unknown }) {
    super("risk", code, message, options);
  }
}
