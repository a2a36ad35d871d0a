import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createAgentCache } from "./agent-cache.js";
import { createMemoryProbe } from "./files.js";
import { createMemoryBackend } from "./memory-backend.js";

const PATHS = ["a.ts", "b.ts", "c.ts"];
// Few keys and files, so sets, edits and gets of the same entry meet often.
const AGENTS = ["code-reviewer", "Explore"];

type Op =
  | { op: "set"; agent: string; prompt: number; deps: string[] }
  | { op: "edit"; path: string; content: number; touchOnly: boolean }
  | { op: "delete"; path: string }
  | { op: "advance"; ms: number }
  | { op: "get"; agent: string; prompt: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant("set" as const),
    agent: fc.constantFrom(...AGENTS),
    prompt: fc.integer({ min: 0, max: 1 }),
    deps: fc.subarray(PATHS),
  }),
  fc.record({
    op: fc.constant("edit" as const),
    path: fc.constantFrom(...PATHS),
    content: fc.integer({ min: 0, max: 2 }),
    touchOnly: fc.boolean(),
  }),
  fc.record({ op: fc.constant("delete" as const), path: fc.constantFrom(...PATHS) }),
  fc.record({
    op: fc.constant("advance" as const),
    ms: fc.oneof(fc.integer({ min: 0, max: 30 * 3_600_000 }), fc.constantFrom(3_599_999, 3_600_000, 1)),
  }),
  fc.record({
    op: fc.constant("get" as const),
    agent: fc.constantFrom(...AGENTS),
    prompt: fc.integer({ min: 0, max: 1 }),
  }),
);

describe("createAgentCache (property)", () => {
  it("never returns an entry whose dependency content changed or whose TTL passed", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 60 }), async (ops) => {
        let clock = 0;
        let mtime = 0;
        const files = new Map(PATHS.map((p) => [p, { data: "v0", mtimeMs: 0 }]));
        const cache = createAgentCache({
          backend: createMemoryBackend(),
          files: createMemoryProbe(files),
          now: () => clock,
        });
        for (const o of ops) {
          if (o.op === "set") {
            await cache.set({
              agentType: o.agent,
              prompt: `p${o.prompt}`,
              output: "out",
              dependencies: o.deps,
            });
          } else if (o.op === "edit") {
            const current = files.get(o.path);
            // A touch moves the mtime and keeps the bytes; an edit may or may not change them.
            files.set(o.path, {
              data: o.touchOnly && current ? current.data : `v${o.content}`,
              mtimeMs: ++mtime,
            });
          } else if (o.op === "delete") {
            files.delete(o.path);
          } else if (o.op === "advance") {
            clock += o.ms;
          } else {
            const got = await cache.get({ agentType: o.agent, prompt: `p${o.prompt}` });
            if (!got.hit) continue;
            expect(clock).toBeLessThan(got.entry.created_at + got.entry.ttl_hours * 3_600_000);
            for (const dep of got.entry.file_dependencies) {
              const now = files.get(dep.path);
              expect(now).toBeDefined();
              const { createHash } = await import("node:crypto");
              expect(
                createHash("sha256")
                  .update(now?.data ?? "")
                  .digest("hex"),
              ).toBe(dep.sha256);
            }
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
