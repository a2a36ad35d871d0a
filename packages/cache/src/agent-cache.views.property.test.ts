// The cache's promise as a property: over random interleavings of an agent's run (whole and partial reads,
// searches), the user's edits (same size, same mtime second), creations, deletions and clock moves, a stored
// entry and every hit show exactly what the agent saw, and the files and searches are still that now.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createAgentCache } from "./agent-cache.js";
import type { SearchRecord } from "./dependencies.js";
import { createMemoryProbe, type FileRead } from "./files.js";
import { sha256 } from "./key.js";
import { createMemoryBackend } from "./memory-backend.js";
import { type SearchTool, searchFingerprint } from "./search.js";

const PATHS = ["a.ts", "b.ts", "src/c.ts", "src/d.md", "ignored/e.ts"];
// Same-length two-line contents, so an edit often keeps the size, and a partial read (line 2) may still match
// after line 1 changed; "x" lines match the Grep below.
const CONTENTS = ["x1\na", "x2\na", "y1\nb", "y2\na", "xy\nb", "x1\na\nz"];
const SEARCHES: [SearchTool, Record<string, unknown>][] = [
  ["Grep", { pattern: "x" }],
  ["Grep", { pattern: "1", output_mode: "content" }],
  ["Glob", { pattern: "**/*.ts" }],
  ["LS", { path: "src" }],
];

type Op =
  | { op: "begin"; prompt: number }
  | { op: "read"; path: string; how: "hash" | "whole-text" | "line-2" | "when-only" }
  | { op: "search"; which: number }
  | { op: "finish" }
  | { op: "edit"; path: string; content: number; touchOnly: boolean }
  | { op: "delete"; path: string }
  | { op: "advance"; ms: number }
  | { op: "get"; prompt: number };

const path = fc.constantFrom(...PATHS);
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({ op: fc.constant("begin" as const), prompt: fc.integer({ min: 0, max: 1 }) }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      op: fc.constant("read" as const),
      path,
      how: fc.constantFrom("hash" as const, "whole-text" as const, "line-2" as const, "when-only" as const),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({ op: fc.constant("search" as const), which: fc.integer({ min: 0, max: 3 }) }),
    weight: 2,
  },
  { arbitrary: fc.record({ op: fc.constant("finish" as const) }), weight: 3 },
  {
    arbitrary: fc.record({
      op: fc.constant("edit" as const),
      path,
      content: fc.integer({ min: 0, max: CONTENTS.length - 1 }),
      touchOnly: fc.boolean(),
    }),
    weight: 2,
  },
  fc.record({ op: fc.constant("delete" as const), path }),
  fc.record({
    op: fc.constant("advance" as const),
    ms: fc.oneof(fc.integer({ min: 0, max: 1_500 }), fc.constantFrom(1, 999, 1_000, 2_000, 3_600_000)),
  }),
  {
    arbitrary: fc.record({ op: fc.constant("get" as const), prompt: fc.integer({ min: 0, max: 1 }) }),
    weight: 3,
  },
);

/** What the agent of one run saw: each read's text (from a line on, or the whole file), each search's entries. */
interface View {
  files: { path: string; text: string; fromLine?: number }[];
  searches: { tool: SearchTool; args: Record<string, unknown>; entries: readonly string[] }[];
}

describe("createAgentCache (property: what the agent saw)", () => {
  it("never stores or serves an entry whose view differs from what the agent saw or from the files now", async () => {
    const tally = { stored: 0, hits: 0, racyHits: 0, stamped: 0, refused: {} as Record<string, number> };
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 20, maxLength: 120, size: "max" }), async (ops) => {
        let clock = 10_000;
        // Modification times have a granularity of one second, as on many file systems.
        const mtime = () => Math.floor(clock / 1_000) * 1_000;
        const files = new Map(PATHS.slice(0, 3).map((p) => [p, { data: "x1\na", mtimeMs: 0 }]));
        const probe = createMemoryProbe(files, { ignored: (p) => p.startsWith("ignored/") });
        const cache = createAgentCache({ backend: createMemoryBackend(), files: probe, now: () => clock });
        const views = new Map<string, View>();
        let run: { prompt: number; deps: (FileRead | SearchRecord)[]; view: View } | undefined;

        const search = async (tool: SearchTool, args: Record<string, unknown>) =>
          (await probe.search?.(tool, args, { timeoutMs: 1_000 })) ?? [];
        /** The view still holds: every file read has the content the agent saw, every search shows the same. */
        const holds = async (view: View) => {
          for (const { path: p, text, fromLine } of view.files) {
            const now = files.get(p)?.data;
            if (fromLine === undefined) expect(now, p).toBe(text);
            else expect(String(now).split("\n")[fromLine - 1], p).toBe(text);
          }
          for (const s of view.searches) {
            expect(searchFingerprint(s.tool, s.args, await search(s.tool, s.args))).toBe(
              searchFingerprint(s.tool, s.args, s.entries),
            );
          }
        };

        for (const o of ops) {
          if (o.op === "begin") {
            run = { prompt: o.prompt, deps: [], view: { files: [], searches: [] } };
          } else if (o.op === "read" && run) {
            const f = files.get(o.path);
            if (!f) continue; // Reading a missing file is an error result: nothing seen.
            const text = String(f.data);
            const line2 = text.split("\n")[1] ?? "";
            // Reads of one path that saw different contents all stay in the view: at most one can hold.
            run.view.files.push(
              o.how === "line-2" ? { path: o.path, text: line2, fromLine: 2 } : { path: o.path, text },
            );
            const readAt = clock;
            run.deps.push(
              o.how === "hash"
                ? { path: o.path, sha256: sha256(text), readAt }
                : o.how === "whole-text"
                  ? { path: o.path, content: `${text}\n`, startLine: 1, whole: true, readAt }
                  : o.how === "line-2"
                    ? { path: o.path, content: line2, startLine: 2, readAt }
                    : { path: o.path, readAt },
            );
          } else if (o.op === "search" && run) {
            const [tool, args] = SEARCHES[o.which] as [SearchTool, Record<string, unknown>];
            const entries = await search(tool, args);
            run.view.searches.push({ tool, args, entries });
            run.deps.push({ kind: "search", tool, args, result: { entries, complete: true } });
          } else if (o.op === "finish" && run) {
            const input = { agentType: "Explore", prompt: `p${run.prompt}` };
            const result = await cache.store({
              ...input,
              output: "answer",
              tools: ["Read", "Grep"],
              dependencies: run.deps,
            });
            if (!result.stored) tally.refused[result.reason] = (tally.refused[result.reason] ?? 0) + 1;
            if (result.stored) {
              tally.stored++;
              await holds(run.view);
              views.set(`${result.entry.input_hash}@${result.entry.created_at}`, run.view);
            }
            run = undefined;
          } else if (o.op === "edit") {
            const current = files.get(o.path);
            files.set(o.path, {
              data: o.touchOnly && current ? current.data : (CONTENTS[o.content] ?? "x1\na"),
              mtimeMs: mtime(),
            });
          } else if (o.op === "delete") {
            files.delete(o.path);
          } else if (o.op === "advance") {
            clock += o.ms;
          } else if (o.op === "get") {
            const got = await cache.get({ agentType: "Explore", prompt: `p${o.prompt}` });
            if (!got.hit) continue;
            tally.hits++;
            if (got.entry.file_dependencies.some((d) => d.racy)) tally.racyHits++;
            if (got.entry.search_dependencies.some((d) => d.stamp)) tally.stamped++;
            const view = views.get(`${got.entry.input_hash}@${got.entry.created_at}`);
            expect(view).toBeDefined();
            if (view) await holds(view);
          }
        }
      }),
      { numRuns: 300 },
    );
    // The runs above exercised the cache: many stores and hits, some of them of racy files (compared by content).
    expect(tally.stored).toBeGreaterThan(200);
    expect(tally.hits).toBeGreaterThan(200);
    expect(tally.racyHits).toBeGreaterThan(0);
    expect(tally.stamped).toBeGreaterThan(0);
    expect(tally.refused["changed-during-run"]).toBeGreaterThan(0);
  });

  it("still hits the identical call when nothing changed, so the property above is not met by never caching", async () => {
    let clock = 10_000;
    const files = new Map([
      ["a.ts", { data: "x1", mtimeMs: 0 }],
      ["src/c.ts", { data: "x2", mtimeMs: 0 }],
    ]);
    const probe = createMemoryProbe(files);
    const cache = createAgentCache({ backend: createMemoryBackend(), files: probe, now: () => clock });
    const input = { agentType: "Explore", prompt: "p0" };
    const args = { pattern: "x" };
    const entries = (await probe.search?.("Grep", args, { timeoutMs: 1_000 })) ?? [];
    const stored = await cache.store({
      ...input,
      output: "answer",
      tools: ["Read", "Grep"],
      dependencies: [
        { path: "a.ts", sha256: sha256("x1"), readAt: clock },
        { path: "src/c.ts", readAt: clock },
        { kind: "search", tool: "Grep", args, result: { entries, complete: true } },
      ],
    });
    expect(stored.stored).toBe(true);
    clock += 60_000;
    expect(await cache.get(input)).toMatchObject({ hit: true, entry: { output: "answer" } });
    // A touch keeps the content: still a hit.
    files.set("a.ts", { data: "x1", mtimeMs: clock });
    expect((await cache.get(input)).hit).toBe(true);
  });
});
