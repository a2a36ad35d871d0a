/**
 * The month's budget is spent: spend has reached the budget. The one rule behind the `BUDGET_EXCEEDED` alert, the
 * hooks' `hard_budget_stop` and the reports' red. A budget of 0 is never exceeded (there is no budget to keep).
 */
export function isBudgetExceeded(status: {
  readonly spentPico: bigint;
  readonly budgetPico: bigint;
}): boolean {
  return status.budgetPico > 0n && status.spentPico >= status.budgetPico;
}
