// A hit says what it avoided: the run that made the entry is kept with it, through a real SQLite file.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAgentCache } from "./agent-cache.js";
import type { CacheBackend } from "./backend.js";
import { createFsProbe } from "./fs-probe.js";
import { sha256 } from "./key.js";
import { createSqliteBackend } from "./sqlite-backend.js";

let root: string;
let backend: CacheBackend;
beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "vx-produced-"));
  mkdirSync(join(root, "src"));
  writeFileSync(join(root, "src/a.ts"), "export const a = 1;\n");
  backend = await createSqliteBackend({ path: join(root, "cache.db") });
});
afterEach(async () => {
  await backend.close();
  rmSync(root, { recursive: true, force: true });
});

const ask = { agentType: "Explore", prompt: "What does src/a.ts export?" };
const dependencies = () => [
  { path: "src/a.ts", sha256: sha256(readFileSync(join(root, "src/a.ts"))), readAt: Date.now() - 5_000 },
];

describe("the producing run of an entry", () => {
  it("a hit answers the stored run's exact cost (past 2^53 pico) and duration, after a reopen of the file", async () => {
    const cost = 2n ** 60n + 7n;
    const first = createAgentCache({ backend, files: createFsProbe({ root }) });
    const stored = await first.store({
      ...ask,
      output: "a is 1",
      dependencies: dependencies(),
      run: { costPico: cost, durationMs: 42_000.4, model: "claude-haiku-4-5" },
    });
    expect(stored.stored).toBe(true);
    await backend.close();
    backend = await createSqliteBackend({ path: join(root, "cache.db") });
    const found = await createAgentCache({ backend, files: createFsProbe({ root }) }).get(ask);
    expect(found.hit && found.entry.produced_by).toEqual({
      cost_pico: cost.toString(),
      duration_ms: 42_000,
      model: "claude-haiku-4-5",
    });
    expect(BigInt(found.hit ? (found.entry.produced_by?.cost_pico ?? "") : "")).toBe(cost);
  });

  it("an entry stored without its run says nothing about it", async () => {
    const cache = createAgentCache({ backend, files: createFsProbe({ root }) });
    await cache.store({ ...ask, output: "a is 1", dependencies: dependencies() });
    const found = await cache.get(ask);
    expect(found.hit).toBe(true);
    expect(found.hit && found.entry.produced_by).toBeUndefined();
  });

  it("a negative or non-bigint cost is refused with the field named", async () => {
    const cache = createAgentCache({ backend, files: createFsProbe({ root }) });
    const bad = { ...ask, output: "x", run: { costPico: -1n, durationMs: 1 } };
    await expect(cache.store(bad)).rejects.toThrow(/ run\.costPico: expected a non-negative bigint/);
    const notBig = { ...ask, output: "x", run: { costPico: 5 as unknown as bigint, durationMs: 1 } };
    await expect(cache.store(notBig)).rejects.toThrow(/run\.costPico/);
    const noTime = { ...ask, output: "x", run: { costPico: 1n, durationMs: Number.NaN } };
    await expect(cache.store(noTime)).rejects.toThrow(/ run\.durationMs: expected/);
  });
});
