import { describe, expect, it } from "vitest";
import { pgpassLookup } from "./pgpass.js";

const target = { host: "db.example", port: 5432, database: "vextrus", user: "ana" };

describe("pgpassLookup", () => {
  it("takes the first line that matches, with * for any field", () => {
    const text = "other:5432:vextrus:ana:no\n*:5432:vextrus:ana:first\n*:*:*:*:second\n";
    expect(pgpassLookup(text, target)).toBe("first");
  });

  it("reads escaped colons and backslashes, skips comments and short lines", () => {
    const text =
      "# db.example:5432:vextrus:ana:comment\nbroken:line\ndb.example:5432:vextrus:ana:a\\:b\\\\c\n";
    expect(pgpassLookup(text, target)).toBe("a:b\\c");
  });

  it("treats localhost as the loopback address, and finds nothing when no line matches", () => {
    expect(pgpassLookup("localhost:5432:*:ana:loop\n", { ...target, host: "127.0.0.1" })).toBe("loop");
    expect(pgpassLookup("db.example:5433:vextrus:ana:x\n", target)).toBeUndefined();
  });
});
