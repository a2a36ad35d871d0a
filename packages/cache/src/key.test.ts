import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson, inputHash, normalizePrompt } from "./key.js";

describe("cache keys", () => {
  it("normalise whitespace only", () => {
    expect(normalizePrompt("  Review\n\tsrc/a.ts   now ")).toBe("Review src/a.ts now");
    expect(inputHash({ agentType: "x", prompt: "a  b" })).toBe(
      inputHash({ agentType: "x", prompt: " a\nb" }),
    );
    expect(inputHash({ agentType: "x", prompt: "a b" })).not.toBe(
      inputHash({ agentType: "x", prompt: "ab" }),
    );
  });

  it("ignore option order at every depth, and undefined options", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: 3 } })).toBe(
      '{"a":{"c":3,"d":[2,{"e":0,"f":1}]},"b":1}',
    );
    expect(inputHash({ agentType: "x", prompt: "p", options: { model: "haiku", effort: undefined } })).toBe(
      inputHash({ agentType: "x", prompt: "p", options: { model: "haiku" } }),
    );
  });

  it("separate agent types, and never collide on field boundaries (property)", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), fc.string(), (a1, p1, a2, p2) => {
        fc.pre(a1 !== a2 || normalizePrompt(p1) !== normalizePrompt(p2));
        expect(inputHash({ agentType: a1, prompt: p1 })).not.toBe(inputHash({ agentType: a2, prompt: p2 }));
      }),
    );
  });
});
