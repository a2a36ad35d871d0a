// The PostgreSQL adapter of @vextrus/team, kept out of the main entry so the rules load without the driver.
export { readPgpassFile } from "./pgpass-file.js";
export { type OpenTeamLedgerOptions, openTeamLedger } from "./postgres-ledger.js";
