export { type AgentRunColumns, agentRunColumns } from "./agent-run-rows.js";
export { toCostReport } from "./cost-report.js";
export { type TeamErrorCode, VextrusTeamError } from "./errors.js";
export { hashedLabel, type TeamLabels } from "./labels.js";
export type {
  SyncScope,
  TeamAgentRunsRow,
  TeamGrouping,
  TeamLedger,
  TeamQuery,
  TeamRow,
  TeamSavingsRow,
} from "./ledger.js";
export { ledgerError } from "./ledger-errors.js";
export { memberLines, type TeamLine } from "./member-lines.js";
export { pgpassLookup } from "./pgpass.js";
export { displayUrl, redactUrls } from "./redact.js";
export {
  type TeamSavingsQuery,
  teamAgentRunsSql,
  teamReportSql,
  teamSavingsSql,
} from "./report-sql.js";
export { type RequestColumns, requestColumns } from "./rows.js";
export { type SavingColumns, savingColumns, type TeamSaving } from "./saving-rows.js";
export { LEDGER_TABLES, MIGRATIONS, SCHEMA_VERSION } from "./schema.js";
export { type SyncOptions, type SyncResult, sync } from "./sync.js";
export { ledgerUrlProblem } from "./url.js";
