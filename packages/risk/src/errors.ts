export type RiskErrorCode =
  | "DIFF_INVALID"
  | "CONFIG_INVALID"
  | "INPUT_INVALID"
  // The git adapter's (`@vextrus/risk/git`): the pure core never throws these.
  | "GIT_FAILED"
  | "NOT_A_REPOSITORY"
  | "REF_NOT_FOUND";

/** Every error this package throws on purpose; `code` is stable, the message names the field and the fix. */
export class VextrusRiskError extends Error {
  override readonly name = "VextrusRiskError";
  readonly code: RiskErrorCode;

  constructor(code: RiskErrorCode, message: string, options?: { cause?: unknown }) {
    super(`[vextrus] [risk] ${message}`, options);
    this.code = code;
  }
}
