import type { SQLInputValue, StatementSync } from "node:sqlite";

/** One result row as its column values, in the order the statement selects them. */
export type Row = Array<string | number | bigint | null | Uint8Array>;

/**
 * All rows of `statement` as arrays: node:sqlite builds an object per row key by key, which for the thousand rows a
 * report reads costs several times the query itself (docs/rollups.md). Node 22.16+ and 24 return arrays when asked; on an
 * older Node each object gives its values, in select order.
 */
export function allRows(statement: StatementSync, ...params: SQLInputValue[]): Row[] {
  const withArrays = statement as StatementSync & { setReturnArrays?: (enabled: boolean) => void };
  if (typeof withArrays.setReturnArrays === "function") {
    withArrays.setReturnArrays(true);
    return statement.all(...params) as unknown as Row[];
  }
  return statement.all(...params).map((row) => Object.values(row) as Row);
}
