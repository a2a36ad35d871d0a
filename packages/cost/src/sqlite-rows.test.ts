import { DatabaseSync, type StatementSync } from "node:sqlite";
import { describe, expect, it } from "vitest";
import { allRows, oneRow } from "./sqlite-rows.js";

function table(): DatabaseSync {
  const db = new DatabaseSync(":memory:");
  db.exec("CREATE TABLE t (a TEXT, b INTEGER, c TEXT); INSERT INTO t VALUES ('x', 1, NULL), ('y', 2, 'z')");
  return db;
}

/** The statement as a Node before 22.16 has it: no setReturnArrays. */
function withoutArrays(statement: StatementSync): StatementSync {
  return new Proxy(statement, {
    get: (target, key) =>
      key === "setReturnArrays"
        ? undefined
        : (Reflect.get(target, key, target).bind?.(target) ?? Reflect.get(target, key)),
  });
}

describe("rows as arrays", () => {
  it("gives each row's values in select order, with or without node:sqlite's arrays", () => {
    const db = table();
    const sql = "SELECT c, a, b FROM t ORDER BY a";
    const expected = [
      [null, "x", 1],
      ["z", "y", 2],
    ];
    expect(allRows(db.prepare(sql))).toEqual(expected);
    expect(allRows(withoutArrays(db.prepare(sql)))).toEqual(expected);
  });

  it("gives one row, or undefined when there is none, either way", () => {
    const db = table();
    const sql = "SELECT b, a FROM t WHERE a = ?";
    expect(oneRow(db.prepare(sql), "y")).toEqual([2, "y"]);
    expect(oneRow(withoutArrays(db.prepare(sql)), "y")).toEqual([2, "y"]);
    expect(oneRow(db.prepare(sql), "nobody")).toBeUndefined();
    expect(oneRow(withoutArrays(db.prepare(sql)), "nobody")).toBeUndefined();
  });
});
