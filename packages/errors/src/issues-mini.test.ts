import { describe, expect, it } from "vitest";
import * as zm from "zod/mini";
import { formatIssues } from "./index.js";

// Its own file: vitest runs each file in its own module graph, and loading full zod would install zod's English
// messages for zod/mini too.
describe("formatIssues with zod/mini", () => {
  it("words zod/mini's generic issues from their code (it ships no messages)", () => {
    const schema = zm.object({
      n: zm.int(),
      kind: zm.enum(["a", "b"]),
      s: zm.string().check(zm.minLength(1)),
    });
    const result = schema.safeParse({ n: 1.5, kind: "c", s: "" });
    expect(formatIssues(result.error?.issues ?? [], "record")).toEqual([
      "record.n: expected a whole number",
      'record.kind: expected one of "a", "b"',
      "record.s: expected a non-empty string",
    ]);
  });
});
