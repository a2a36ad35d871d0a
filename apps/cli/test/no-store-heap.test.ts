// `vextrus cost --no-store` holds every request it reads until the report is built; over a large read it keeps V8's
// young generation at its first size (src/commands/cost/memory-heap.ts), ~33 MB less peak RSS on the bench corpus.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SMALL_YOUNG_GENERATION_MIN_BYTES } from "../src/commands/cost/memory-heap.js";

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, "..", "bin", "vextrus.js");
const { generateCorpus } = (await import(
  join(here, "..", "..", "..", "packages", "cost", "bench", "corpus.mjs")
)) as { generateCorpus(o: { dir: string; sizeMb: number }): { bytes: number } };

/** Runs node with `args` under a probe that prints the young generation's size at start and at exit on stderr. */
function withNewSpaceProbe(args: string[], env: NodeJS.ProcessEnv) {
  const probe = join(mkdtempSync(join(tmpdir(), "vx-heap-probe-")), "probe.cjs");
  writeFileSync(
    probe,
    `const v8 = require("node:v8");
const size = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space").space_size;
const start = size();
process.on("exit", () => process.stderr.write("NEW_SPACE " + JSON.stringify({ start, end: size() }) + "\\n"));
`,
  );
  const r = spawnSync(process.execPath, ["--require", probe, ...args], { env, encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
  const [line = "", ...rest] = r.stderr.split("\n").filter((l) => l.startsWith("NEW_SPACE "));
  expect(rest).toEqual([]);
  const newSpace = JSON.parse(line.slice("NEW_SPACE ".length)) as { start: number; end: number };
  const stderr = r.stderr.replace(/^NEW_SPACE .*\n/m, "");
  return { stdout: r.stdout, stderr, newSpace };
}

describe("a large --no-store read", () => {
  it("the probe sees the young generation grow when a process keeps what it allocates (control)", () => {
    const kept = withNewSpaceProbe(
      ["-e", "const k = []; for (let i = 0; i < 300000; i++) k.push({ i, s: 'x' + i, a: [i] });"],
      { PATH: process.env.PATH },
    );
    expect(kept.newSpace.end).toBeGreaterThanOrEqual(8 * kept.newSpace.start);
  });

  it("keeps the young generation at its size before the read, and says nothing on stderr", () => {
    const config = mkdtempSync(join(tmpdir(), "vx-heap-config-"));
    const sizeMb = Math.ceil((SMALL_YOUNG_GENERATION_MIN_BYTES * 1.25) / 2 ** 20);
    expect(generateCorpus({ dir: config, sizeMb }).bytes).toBeGreaterThan(SMALL_YOUNG_GENERATION_MIN_BYTES);
    const state = mkdtempSync(join(tmpdir(), "vx-heap-state-"));
    mkdirSync(join(state, "home"));
    const env = {
      PATH: process.env.PATH,
      HOME: join(state, "home"),
      CLAUDE_CONFIG_DIR: config,
      VEXTRUS_USER_STATE_DIR: join(state, "user"),
      NO_COLOR: "1",
    };
    const r = withNewSpaceProbe([bin, "cost", "daily", "--json", "--timezone", "UTC", "--no-store"], env);
    // A V8 without the flag would have printed "unrecognized flag" here, and let the young generation grow.
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout).totals.outputTokens).toBeGreaterThan(0);
    // Loading the bundle and listing the files may double it once before the read starts; the read never does.
    expect(r.newSpace.end).toBeLessThanOrEqual(2 * r.newSpace.start);
  });
});
