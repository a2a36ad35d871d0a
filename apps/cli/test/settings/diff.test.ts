import { describe, expect, it } from "vitest";
import { unifiedDiff } from "../../src/settings/diff.js";

describe("unifiedDiff", () => {
  it("is empty for equal texts", () => {
    expect(unifiedDiff("a\nb\n", "a\nb\n", "x", "y")).toBe("");
  });

  it("makes hunks with context and correct line numbers", () => {
    const before = `${Array.from({ length: 10 }, (_, i) => `l${i + 1}`).join("\n")}\n`;
    const after = before.replace("l2\n", "l2\nnew\n").replace("l9\n", "");
    expect(unifiedDiff(before, after, "a", "b", 1)).toBe(
      "--- a\n+++ b\n@@ -2,2 +2,3 @@\n l2\n+new\n l3\n@@ -8,3 +9,2 @@\n l8\n-l9\n l10\n",
    );
  });
});
