// The three ways an answer went wrong before dependencies recorded what the agent saw, on a real folder and a real
// SQLite cache: each one is refused or missed, and the same call with nothing changed still hits.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AgentCache, createAgentCache } from "./agent-cache.js";
import type { CacheBackend } from "./backend.js";
import { createFsProbe } from "./fs-probe.js";
import { sha256 } from "./key.js";
import { createSqliteBackend } from "./sqlite-backend.js";

let root: string;
let backend: CacheBackend;
let cache: AgentCache;
const write = (path: string, text: string) => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
};
/** What the hook takes from a `Read` result: the hash of the content the agent received, and when it read. */
const read = (path: string) => ({ path, sha256: sha256(readFileSync(join(root, path))), readAt: Date.now() });

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "vx-situations-"));
  write("src/dep.ts", "export const depMarker = 1;\n");
  write("src/a.ts", "import { depMarker } from './dep';\n");
  backend = await createSqliteBackend({ path: join(root, ".claude", "state", "cache.db") });
  cache = createAgentCache({ backend, files: createFsProbe({ root }) });
});
afterEach(async () => {
  await backend.close();
  rmSync(root, { recursive: true, force: true });
});

const ask = { agentType: "Explore", prompt: "What does src/dep.ts export?" };

describe("the cache's promise on a real project", () => {
  it("edited while the agent ran: the answer about the old content is not stored", async () => {
    const seen = read("src/dep.ts");
    write("src/dep.ts", "export const depMarker = 2;\n"); // same size, saved before the run ended
    const result = await cache.store({
      ...ask,
      output: "depMarker = 1",
      tools: ["Read"],
      dependencies: [seen],
    });
    expect(result).toMatchObject({ stored: false, reason: "changed-during-run" });
    expect((await cache.get(ask)).hit).toBe(false);
    // Nothing changed during the next run: stored, and the identical call hits.
    const again = await cache.store({
      ...ask,
      output: "depMarker = 2",
      tools: ["Read"],
      dependencies: [read("src/dep.ts")],
    });
    expect(again.stored).toBe(true);
    expect(await cache.get(ask)).toMatchObject({ hit: true, entry: { output: "depMarker = 2" } });
  });

  it("answered from a search: a new matching file makes the next lookup miss", async () => {
    const args = { pattern: "depMarker", path: root };
    const entries = [join(root, "src/a.ts"), join(root, "src/dep.ts")];
    const where = { ...ask, prompt: "Where is depMarker used?" };
    const stored = await cache.store({
      ...where,
      output: "in a.ts",
      tools: ["Grep"],
      dependencies: [{ kind: "search", tool: "Grep", args, result: { entries, complete: true } }],
    });
    expect(stored.stored).toBe(true);
    expect((await cache.get(where)).hit).toBe(true);
    write("src/b.ts", "depMarker();\n");
    expect(await cache.get(where)).toMatchObject({ hit: false, reason: "search-changed" });
  });

  it("an agent that changed files is never replayed; one that only read is", async () => {
    const fix = { ...ask, prompt: "Rename depMarker" };
    const wrote = await cache.store({
      ...fix,
      output: "done",
      tools: ["Read", "Edit"],
      dependencies: [read("src/dep.ts")],
    });
    expect(wrote).toMatchObject({ stored: false, reason: "wrote-files", detail: "used Edit" });
    expect((await cache.get(fix)).hit).toBe(false);
    const readOnly = await cache.store({
      ...ask,
      output: "depMarker",
      tools: ["Read"],
      dependencies: [read("src/dep.ts")],
    });
    expect(readOnly.stored).toBe(true);
    expect((await cache.get(ask)).hit).toBe(true);
    expect((await cache.stats()).notStoredByReason).toMatchObject({ "wrote-files": 1 });
  });
});
