import type { SQLInputValue, StatementSync } from "node:sqlite";

/** One result row as its column values, in the order the statement selects them. */
export type Row = Array<string | number | bigint | null | Uint8Array>;

/**
 * All rows of `statement` as arrays: node:sqlite builds an object per row key by key, which for the thousand rows a
 * report reads costs several times the query itself (docs/rollups.md). Node 22.16+ and 24 return arrays when asked; on an
 * older Node each object gives its values, in select order.
 */
export function allRows(statement: StatementSync, ...params: SQLInputValue[]): Row[] {
  const asArrays = arrays(statement);
  const rows = statement.all(...params);
  return asArrays ? (rows as unknown as Row[]) : rows.map((row) => Object.values(row) as Row);
}

/** The first row of `statement` as an array, or undefined when there is none. */
export function oneRow(statement: StatementSync, ...params: SQLInputValue[]): Row | undefined {
  const asArrays = arrays(statement);
  const row = statement.get(...params);
  if (row === undefined || asArrays) return row as unknown as Row | undefined;
  return Object.values(row) as Row;
}

/** Asks `statement` for arrays; false on a Node without them. */
function arrays(statement: StatementSync): boolean {
  const withArrays = statement as StatementSync & { setReturnArrays?: (enabled: boolean) => void };
  if (typeof withArrays.setReturnArrays !== "function") return false;
  withArrays.setReturnArrays(true);
  return true;
}
