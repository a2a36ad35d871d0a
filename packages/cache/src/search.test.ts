import { describe, expect, it } from "vitest";
import { createMemoryProbe } from "./files.js";
import { normalizeSearchEntries, searchFingerprint } from "./search.js";

describe("search results", () => {
  it("compares paths as a set relative to the root: Claude Code's modification-time order says nothing", () => {
    const a = searchFingerprint("Glob", { pattern: "**/*.ts" }, ["/p/src/b.ts", "/p/src/a.ts"], "/p");
    const b = searchFingerprint("Glob", { pattern: "**/*.ts" }, ["src/a.ts", "src/b.ts", "src/a.ts"], "/p");
    expect(a).toBe(b);
    expect(searchFingerprint("Glob", { pattern: "**/*.ts" }, ["src/a.ts"], "/p")).not.toBe(a);
    expect(searchFingerprint("Glob", { pattern: "*.ts" }, ["src/a.ts", "src/b.ts"], "/p")).not.toBe(a);
  });

  it("keeps every content line (a repeated line counts) and sorts them: files come in any order", () => {
    const args = { pattern: "x", output_mode: "content" };
    expect(normalizeSearchEntries("Grep", args, ["/p/b.ts:1:x", "/p/a.ts:2:x", "/p/a.ts:2:x"], "/p")).toEqual(
      ["a.ts:2:x", "a.ts:2:x", "b.ts:1:x"],
    );
    expect(normalizeSearchEntries("Grep", { ...args, output_mode: "count" }, ["b.ts:1", "a.ts:3"])).toEqual([
      "a.ts:3",
      "b.ts:1",
    ]);
  });

  it("runs Grep, Glob and LS over the memory probe with the same rules as the file-system probe", async () => {
    const files = new Map([
      ["src/a.ts", { data: "const depMarker = 1;\nother\ndepMarker();\n", mtimeMs: 1 }],
      ["src/b.ts", { data: "nothing here\n", mtimeMs: 1 }],
      ["src/.hidden.ts", { data: "depMarker\n", mtimeMs: 1 }],
      ["dist/out.js", { data: "depMarker\n", mtimeMs: 1 }],
    ]);
    const probe = createMemoryProbe(files, { root: "/p", ignored: (p) => p.startsWith("dist/") });
    const run = (tool: "Grep" | "Glob" | "LS", args: Record<string, unknown>) =>
      probe.search?.(tool, args, { timeoutMs: 1000 });
    expect(await run("Grep", { pattern: "depMarker" })).toEqual(["src/.hidden.ts", "src/a.ts"]);
    expect(await run("Grep", { pattern: "depMarker", output_mode: "count", path: "/p/src" })).toEqual([
      "src/.hidden.ts:1",
      "src/a.ts:2",
    ]);
    expect(
      await run("Grep", { pattern: "DEPMARKER\\(", "-i": true, output_mode: "content", glob: "*.ts" }),
    ).toEqual(["src/a.ts:3:depMarker();"]);
    expect(await run("Glob", { pattern: "**/*.ts" })).toEqual(["src/.hidden.ts", "src/a.ts", "src/b.ts"]);
    expect(await run("Glob", { pattern: "*.ts", path: "/p/src" })).toEqual([
      "src/.hidden.ts",
      "src/a.ts",
      "src/b.ts",
    ]);
    expect(await run("LS", { path: "/p" })).toEqual(["src/", "src/a.ts", "src/b.ts"]);
    expect(await run("Grep", { pattern: "e", glob: "*.md,b.* *.{js,ts}" })).toEqual([
      "src/.hidden.ts",
      "src/a.ts",
      "src/b.ts",
    ]);
    expect(await run("Grep", { pattern: "e", glob: "a.*" })).toEqual(["src/a.ts"]);
    expect(await run("Glob", { pattern: "/p/src/*.ts", path: "/p/src" })).toEqual([
      "src/.hidden.ts",
      "src/a.ts",
      "src/b.ts",
    ]);
    // What cannot be reproduced faithfully is never taken as unchanged.
    expect(await run("Grep", { pattern: "x", "-C": 2, output_mode: "content" })).toBeNull();
    expect(await run("Grep", { pattern: "(" })).toBeNull();
    expect(await run("Glob", { pattern: "*.ts", path: "/elsewhere" })).toBeNull();
  });
});
