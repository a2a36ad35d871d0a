// The file-system probe's stamps as a property: over random changes to a small project (files written, edited and
// deleted, ignore files written), two moments with the same stamp for a search give that search the same result.
// A lookup serves a stamped search without re-running it, so a stamp that missed a change would serve a stale one.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createFsSearch } from "./fs-search.js";
import { type SearchTool, searchFingerprint } from "./search.js";

const FILES = ["a.ts", "b.log", "sub/c.ts", "sub/d.log", "sub/deep/e.ts", "dist/f.ts", ".hidden/g.ts"];
const CONTENTS = ["depMarker\n", "other\n", "depMarker twice depMarker\n", ""];
const IGNORE_FILES = [".gitignore", "sub/.gitignore", "sub/.ignore", ".git/info/exclude"];
const RULES = ["", "*.log\n", "dist/\n", "deep/\n", "*.log\n!d.log\n", "c.ts\n", "/a.ts\n"];
const SEARCHES: [SearchTool, Record<string, unknown>][] = [
  ["Grep", { pattern: "depMarker" }],
  ["Grep", { pattern: "depMarker", output_mode: "count", glob: "*.ts" }],
  ["Grep", { pattern: "depMarker", path: "sub" }],
  ["Glob", { pattern: "**/*.ts" }],
  ["Glob", { pattern: "*", path: "sub" }],
  ["LS", { path: "." }],
];

type Op =
  | { op: "write"; path: string; content: number }
  | { op: "delete"; path: string }
  | { op: "rules"; path: string; rules: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant("write" as const),
    path: fc.constantFrom(...FILES),
    content: fc.integer({ min: 0, max: CONTENTS.length - 1 }),
  }),
  fc.record({ op: fc.constant("delete" as const), path: fc.constantFrom(...FILES, ...IGNORE_FILES) }),
  fc.record({
    op: fc.constant("rules" as const),
    path: fc.constantFrom(...IGNORE_FILES),
    rules: fc.integer({ min: 0, max: RULES.length - 1 }),
  }),
);

describe("file-system search stamps (property)", () => {
  it("the same stamp means the same result, for Grep, Glob and LS", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        const root = mkdtempSync(join(tmpdir(), "vx-stamps-"));
        // Every write gets its own mtime, seconds apart and long past: no stamp is racy, so each must be exact.
        let clock = Date.now() - 3_600_000;
        const put = (path: string, text: string) => {
          mkdirSync(dirname(join(root, path)), { recursive: true });
          writeFileSync(join(root, path), text);
          clock += 5_000;
          utimesSync(join(root, path), new Date(clock), new Date(clock));
        };
        try {
          const seen = SEARCHES.map(() => new Map<string, string | null>());
          for (const step of [{ op: "rules", path: ".gitignore", rules: 0 } as Op, ...ops]) {
            if (step.op === "write") put(step.path, CONTENTS[step.content] ?? "");
            else if (step.op === "rules") put(step.path, RULES[step.rules] ?? "");
            else rmSync(join(root, step.path), { force: true });
            const probe = createFsSearch(root);
            const round = {};
            for (const [i, [tool, args]] of SEARCHES.entries()) {
              const stamp = await probe.stamp(tool, args, { timeoutMs: 10_000, round });
              const entries = await probe.search(tool, args, { timeoutMs: 10_000, round });
              const fingerprint = entries && searchFingerprint(tool, args, entries, root);
              if (!stamp) continue;
              const before = seen[i]?.get(stamp.stamp);
              if (before !== undefined) expect(fingerprint, `${tool} ${JSON.stringify(args)}`).toBe(before);
              seen[i]?.set(stamp.stamp, fingerprint);
            }
          }
        } finally {
          rmSync(root, { recursive: true, force: true });
        }
      }),
      { numRuns: 150 },
    );
  });
});
