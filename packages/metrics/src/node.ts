// Node adapter of @vextrus/metrics: the embedded SQLite store. Kept out of the main entry so the rules stay free
// of I/O and load without node:sqlite.

export { openSqliteSavingsStore, readSavingsSummary } from "./savings-sqlite.js";
export { openSqliteMetricsStore } from "./sqlite-store.js";
