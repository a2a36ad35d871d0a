import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAgentCache } from "./agent-cache.js";
import { createFsProbe } from "./fs-probe.js";
import { createFsSearch } from "./fs-search.js";
import { createMemoryBackend } from "./memory-backend.js";
import { type SearchTool, searchFingerprint } from "./search.js";

let root: string;
const write = (path: string, text: string) => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "vx-search-"));
  write(".gitignore", "dist/\n*.log\n");
  write("pkg/.gitignore", "gen/\n");
  write("src/a.ts", "export const depMarker = 1;\n");
  write("src/b.ts", "export const other = 2;\n");
  write("pkg/index.ts", "import { depMarker } from '../src/a';\n");
  write(".git/HEAD", "ref: refs/heads/main depMarker\n");
  write(".git/info/exclude", "local-notes.md\n");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const SEARCHES: [SearchTool, Record<string, unknown>][] = [
  ["Grep", { pattern: "depMarker" }],
  ["Grep", { pattern: "depMarker", output_mode: "content", glob: "*.ts" }],
  ["Glob", { pattern: "**/*.ts" }],
  ["LS", { path: "." }],
];

async function fingerprints(): Promise<(string | null)[]> {
  const search = createFsSearch(root).search;
  return Promise.all(
    SEARCHES.map(async ([tool, args]) => {
      const entries = await search(tool, args, { timeoutMs: 5_000 });
      return entries && searchFingerprint(tool, args, entries, root);
    }),
  );
}

describe("file-system search probe", () => {
  it("lists what ripgrep would: ignore files of every folder, .git/info/exclude, no .git folder", async () => {
    write("dist/out.ts", "depMarker\n");
    write("pkg/gen/x.ts", "depMarker\n");
    write("debug.log", "depMarker\n");
    write("local-notes.md", "depMarker\n");
    const search = createFsSearch(root).search;
    expect(await search("Grep", { pattern: "depMarker" }, { timeoutMs: 5_000 })).toEqual([
      "pkg/index.ts",
      "src/a.ts",
    ]);
    expect(await search("Glob", { pattern: "**/*", path: join(root, "pkg") }, { timeoutMs: 5_000 })).toEqual([
      "pkg/.gitignore",
      "pkg/index.ts",
    ]);
  });

  it("differs when a new matching file appears, not when an ignored one does", async () => {
    const before = await fingerprints();
    expect(before.every((f) => typeof f === "string")).toBe(true);
    write("dist/b.ts", "depMarker\n");
    write("pkg/gen/c.ts", "depMarker\n");
    write("trace.log", "depMarker\n");
    expect(await fingerprints()).toEqual(before);
    write("src/c.ts", "export { depMarker } from './a';\n");
    const after = await fingerprints();
    for (const [i, f] of after.entries()) expect(f, SEARCHES[i]?.[0]).not.toBe(before[i]);
  });

  it("answers null past its time bound or once aborted", async () => {
    for (let i = 0; i < 50; i++) write(`many/f${i}.ts`, "depMarker\n");
    const search = createFsSearch(root).search;
    expect(await search("Glob", { pattern: "**/*.ts" }, { timeoutMs: 0 })).toBeNull();
    expect(
      await search("Grep", { pattern: "depMarker" }, { timeoutMs: 5_000, signal: AbortSignal.abort() }),
    ).toBeNull();
  });

  it("makes a cached answer from searches miss once a new matching file appears", async () => {
    const cache = createAgentCache({ backend: createMemoryBackend(), files: createFsProbe({ root }) });
    const input = { agentType: "Explore", prompt: "Where is depMarker used?" };
    const stored = await cache.store({
      ...input,
      output: "depMarker is used in pkg/index.ts",
      tools: ["Grep"],
      dependencies: [
        {
          kind: "search",
          tool: "Grep",
          args: { pattern: "depMarker", path: root },
          result: { entries: [join(root, "src/a.ts"), join(root, "pkg/index.ts")], complete: true },
        },
      ],
    });
    expect(stored.stored).toBe(true);
    expect((await cache.get(input)).hit).toBe(true);
    write("dist/ignored.ts", "depMarker\n");
    expect((await cache.get(input)).hit).toBe(true);
    write("src/new.ts", "depMarker();\n");
    expect(await cache.get(input)).toMatchObject({ hit: false, reason: "search-changed" });
  });

  it("trusts a Grep's stamp only while its files keep their stat, and re-runs it when one moved", async () => {
    // Files last changed an hour ago: not racy, so the Grep is stored with a stamp of its files' stats.
    const anHourAgo = new Date(Date.now() - 3_600_000);
    for (const path of [".gitignore", "pkg/.gitignore", "src/a.ts", "src/b.ts", "pkg/index.ts"]) {
      utimesSync(join(root, path), anHourAgo, anHourAgo);
    }
    const cache = createAgentCache({ backend: createMemoryBackend(), files: createFsProbe({ root }) });
    const input = { agentType: "Explore", prompt: "Where is depMarker defined?" };
    const args = { pattern: "depMarker", path: root };
    const stored = await cache.store({
      ...input,
      output: "in src/a.ts, used in pkg/index.ts",
      tools: ["Grep"],
      dependencies: [
        {
          kind: "search",
          tool: "Grep",
          args,
          result: { entries: ["src/a.ts", "pkg/index.ts"], complete: true },
        },
      ],
    });
    expect(stored.stored && stored.entry.search_dependencies[0]?.stamp).toMatch(/^[0-9a-f]{64}$/);
    expect((await cache.get(input)).hit).toBe(true);
    // A touch moves the stamp; the re-run finds the same files, so it still hits.
    const now = new Date();
    utimesSync(join(root, "src/b.ts"), now, now);
    expect((await cache.get(input)).hit).toBe(true);
    // A match added in place (no file created, no folder changed): the stamp moved, the re-run sees the match.
    writeFileSync(join(root, "src/b.ts"), "export const depMarker2 = 2;\n");
    expect(await cache.get(input)).toMatchObject({ hit: false, reason: "search-changed" });
  });
});
