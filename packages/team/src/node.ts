// The PostgreSQL adapter of @vextrus/team, kept out of the main entry so the rules load without the driver.
export { type OpenTeamLedgerOptions, openTeamLedger } from "./postgres-ledger.js";
