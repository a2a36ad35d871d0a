import { describe, expect, it } from "vitest";
import { buildReviewPrompt, parseReview } from "./review-protocol.js";

describe("parseReview", () => {
  it("reads APPROVE in the forms models write it", () => {
    for (const text of [
      "APPROVE",
      "approve.",
      "\n\n  **APPROVE**\nLooks right.",
      "Verdict: Approved",
      "# APPROVE",
    ])
      expect(parseReview(text)).toEqual({ kind: "approve" });
  });

  it("takes the revision from the following lines or the same line", () => {
    expect(parseReview("REVISE\n\nfunction f() {\n  return 2;\n}\n")).toEqual({
      kind: "revise",
      revision: "function f() {\n  return 2;\n}",
    });
    expect(parseReview("**REVISED:** use a Map\nand cache it")).toEqual({
      kind: "revise",
      revision: "use a Map\nand cache it",
    });
    expect(parseReview("Revised answer:\r\nthe fix")).toEqual({ kind: "revise", revision: "the fix" });
  });

  it("calls anything else unparsed rather than guess", () => {
    expect(parseReview("")).toMatchObject({ kind: "unparsed", reason: "the review is empty" });
    expect(parseReview("REVISE\n   \n")).toMatchObject({
      kind: "unparsed",
      reason: "REVISE without a revised answer",
    });
    expect(parseReview("Looks good to me")).toMatchObject({ kind: "unparsed" });
    expect(parseReview("Reviewer notes: APPROVE")).toMatchObject({ kind: "unparsed" });
    expect(parseReview("Revisions needed")).toMatchObject({ kind: "unparsed" });
  });

  it("puts the task and the draft in the review prompt with the protocol", () => {
    const prompt = buildReviewPrompt({ task: "Sum a list", draft: "xs.reduce(add)" });
    expect(prompt).toContain("<task>\nSum a list\n</task>");
    expect(prompt).toContain("<draft>\nxs.reduce(add)\n</draft>");
    expect(prompt).toMatch(/single line APPROVE/);
    expect(prompt).toMatch(/the line REVISE/);
  });
});
