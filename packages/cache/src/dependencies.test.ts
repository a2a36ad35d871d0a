import { describe, expect, it } from "vitest";
import { RACY_WINDOW_MS, recordFiles } from "./dependencies.js";
import { createMemoryProbe } from "./files.js";
import { sha256 } from "./key.js";

describe("recordFiles: a read known only by when it happened", () => {
  // Found by the view property test: the agent saw "x2" through a partial read, the user saved "x1" in the same
  // second (same size), the agent read the file again whole. The whole read matches; the partial one cannot be
  // compared, so the run must not be stored.
  it("refuses when the file changed around that read, even if a later read of the same path matches", async () => {
    const files = new Map([["e.ts", { data: "x1\na", mtimeMs: 10_000 }]]);
    const result = await recordFiles(
      createMemoryProbe(files),
      [
        { path: "e.ts", readAt: 10_000 },
        { path: "e.ts", sha256: sha256("x1\na"), readAt: 10_000 },
      ],
      10_500,
    );
    expect(result).toMatchObject({ reason: "changed-during-run" });
  });

  it("keeps the file when it is older than every read", async () => {
    const mtimeMs = 10_000 - RACY_WINDOW_MS - 1;
    const files = new Map([["e.ts", { data: "x1\na", mtimeMs }]]);
    const result = await recordFiles(
      createMemoryProbe(files),
      [
        { path: "e.ts", readAt: 10_000 },
        { path: "e.ts", sha256: sha256("x1\na"), readAt: 10_000 },
      ],
      10_500,
    );
    expect(result).toEqual([{ path: "e.ts", size: 4, mtimeMs, sha256: sha256("x1\na") }]);
  });
});
