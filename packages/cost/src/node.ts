// Node adapters of @vextrus/cost: the file system and the embedded SQLite store. Kept out of the
// main entry so the rules in `@vextrus/cost` stay free of I/O and load without node:sqlite.
export { claudeProjectDirs, createFsTranscriptSource, withSessionProjects } from "./fs-source.js";
export {
  type ClaudeIngestOptions,
  ingestClaudeTranscripts,
  WRITER_THREAD_MIN_BYTES,
} from "./parallel-ingest.js";
export { type MergeResult, mergeSqliteUsageStore } from "./sqlite-merge.js";
export {
  openReportedCostStore,
  type ReportedCost,
  type ReportedCostOptions,
  type ReportedCostStore,
} from "./sqlite-reported.js";
export {
  ensurePrivateDir,
  ensurePrivateFile,
  openSqliteUsageStore,
  type SqliteUsageStoreOptions,
} from "./sqlite-store.js";
export { openWalDatabase, type WalDatabaseOptions } from "./sqlite-wal.js";
export { systemTimezone, type TimezoneSources } from "./timezone.js";
