import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { fieldPath, formatIssue, formatIssues, problemLine } from "./index.js";

describe("fieldPath", () => {
  it("joins keys with dots and writes array indexes as [n]", () => {
    expect(fieldPath("optimization.complexity", ["rules", 2, "points"])).toBe(
      "optimization.complexity.rules[2].points",
    );
    expect(fieldPath("", ["a", 0, 1, "b"])).toBe("a[0][1].b");
    expect(fieldPath("root", [])).toBe("root");
  });

  it("never leaves a leading dot, a double dot or a dot before a bracket", () => {
    const segment = fc.oneof(fc.nat(50), fc.stringMatching(/^[a-z_]{1,8}$/));
    fc.assert(
      fc.property(
        fc.stringMatching(/^([a-z]{1,5}(\.[a-z]{1,5}){0,2})?$/),
        fc.array(segment, { maxLength: 6 }),
        (base, segs) => {
          const path = fieldPath(base, segs);
          expect(path.startsWith(".")).toBe(false);
          expect(path).not.toContain("..");
          expect(path).not.toContain(".[");
          expect(path.startsWith(base)).toBe(true);
        },
      ),
    );
  });
});

describe("formatIssues", () => {
  it("formats real zod issues: full path, the schema's message, the value found", () => {
    const schema = z.object({
      monthly_budget_usd: z
        .number({ error: "expected a positive number" })
        .positive({ error: "expected a positive number" }),
      gates: z.array(z.object({ name: z.string({ error: "expected a name" }) })),
    });
    const result = schema.safeParse(
      { monthly_budget_usd: "abc", gates: [{ name: "ok" }, { name: 3 }] },
      { reportInput: true },
    );
    expect(result.success).toBe(false);
    expect(formatIssues(result.error?.issues ?? [], "optimization.cost")).toEqual([
      'optimization.cost.monthly_budget_usd: expected a positive number, got "abc"',
      "optimization.cost.gates[1].name: expected a name, got 3",
    ]);
  });

  it("words zod's own English messages by code too, so a message does not depend on whether full zod loaded", () => {
    const result = z.object({ n: z.int(), kind: z.enum(["a", "b"]) }).safeParse({ n: 1.5, kind: "c" });
    expect(formatIssues(result.error?.issues ?? [], "record")).toEqual([
      "record.n: expected a whole number",
      'record.kind: expected one of "a", "b"',
    ]);
  });

  it("does not repeat a value the message already names, and shortens long ones", () => {
    expect(formatIssue({ path: ["x"], message: "got 5, expected 6", input: 5 }, "a")).toBe(
      "a.x: got 5, expected 6",
    );
    const line = formatIssue({ path: [], message: "expected a short text", input: "y".repeat(500) }, "a");
    expect(line).toBe(`a: expected a short text, got "${"y".repeat(40)}…"`);
    expect(formatIssue({ path: ["x"], message: "expected a number", input: [1, 2] }, "a")).toBe(
      "a.x: expected a number, got an array",
    );
    expect(problemLine("a.enabled", "true or false", "yes")).toBe(
      'a.enabled: expected true or false, got "yes"',
    );
    expect(formatIssue({ path: [], message: "bad" })).toBe("(root): bad");
  });
});
