// A CommonJS bundle run with a V8 code cache made after the run (src/load-bundle.ts). A cache is only ever code: these tests show it is used when it belongs to the bundle as it
// is, and never when the bundle changed, when V8 refuses it, or when the folder is not the user's own.
// Each load runs in a process of its own, as each command does: within one process V8 keeps compiled code in
// memory and would never look at the cache.
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { defaultCodeCacheDir } from "../src/load-bundle.js";

const loader = fileURLToPath(new URL("../dist/index.js", import.meta.url));

/** A bundle whose answer function is compiled lazily (only when called), as most of a real one is. */
function bundleSource(answer: string): string {
  return `"use strict";
function answer() { return ${JSON.stringify(answer)} + "/" + require("node:path").basename(__filename); }
module.exports = { answer };
`;
}

function setUp(answer = "one") {
  const root = mkdtempSync(join(tmpdir(), "vx-load-bundle-"));
  const file = join(root, "program.cjs");
  writeFileSync(file, bundleSource(answer));
  return { root, file, cacheDir: join(root, "cache") };
}

/** Loads, calls, then saves in a new process, as a command does around its run. */
function run(
  file: string,
  cacheDir: string,
  env: Record<string, string> = {},
  variant?: string,
): { answer: string; status: string } {
  const program = `
    const { loadBundle } = await import(process.argv[1]);
    const loaded = loadBundle(process.argv[2], { cacheDir: process.argv[3], variant: process.argv[4] });
    const answer = loaded.exports.answer();
    loaded.save();
    console.log(JSON.stringify({ answer, status: loaded.status }));`;
  const { NODE_DISABLE_COMPILE_CACHE: _, ...inherited } = process.env;
  const out = execFileSync(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      program,
      loader,
      file,
      cacheDir,
      ...(variant === undefined ? [] : [variant]),
    ],
    {
      encoding: "utf8",
      env: { ...inherited, ...env },
    },
  );
  return JSON.parse(out);
}

describe("loadBundle", () => {
  it("makes the cache after the first run and runs from it after, with the same answers", () => {
    const { file, cacheDir } = setUp();
    expect(run(file, cacheDir)).toEqual({ answer: "one/program.cjs", status: "made" });
    expect(readdirSync(cacheDir)).toEqual([expect.stringMatching(/^program\.cjs-.*\.v8cache$/)]);
    expect(run(file, cacheDir)).toEqual({ answer: "one/program.cjs", status: "used" });
    expect(run(file, cacheDir)).toEqual({ answer: "one/program.cjs", status: "used" });
  });

  it("never runs the code of a bundle that changed, even one of the same length, and drops its cache", () => {
    const { file, cacheDir } = setUp("one");
    run(file, cacheDir);
    const before = readdirSync(cacheDir);
    // V8 itself checks only the source's length: this one would pass its check.
    writeFileSync(file, bundleSource("two"));
    expect(run(file, cacheDir)).toEqual({ answer: "two/program.cjs", status: "made" });
    const after = readdirSync(cacheDir);
    expect(after).toHaveLength(1);
    expect(after).not.toEqual(before);
    expect(run(file, cacheDir)).toEqual({ answer: "two/program.cjs", status: "used" });
  });

  it("keeps one cache per install: two copies of a bundle used in turn each run from their own", () => {
    const { root, file, cacheDir } = setUp("one");
    mkdirSync(join(root, "global"));
    const other = join(root, "global", "program.cjs");
    writeFileSync(other, bundleSource("one"));
    run(file, cacheDir);
    run(other, cacheDir);
    expect(readdirSync(cacheDir)).toHaveLength(2);
    expect(run(file, cacheDir).status).toBe("used");
    expect(run(other, cacheDir).status).toBe("used");
  });

  it("keeps a cache per variant of a bundle's use, and drops them all when the bundle changes", () => {
    const { file, cacheDir } = setUp("one");
    expect(run(file, cacheDir, {}, "PostToolUse").status).toBe("made");
    expect(run(file, cacheDir, {}, "Stop").status).toBe("made");
    expect(run(file, cacheDir, {}, "../../x y").status).toBe("made");
    expect(readdirSync(cacheDir).sort()).toEqual([
      expect.stringMatching(/^program\.cjs-\w{8}-PostToolUse-.*\.v8cache$/),
      expect.stringMatching(/^program\.cjs-\w{8}-Stop-.*\.v8cache$/),
      // A variant never reaches outside the folder: what is not a letter, digit, _ or - becomes _.
      expect.stringMatching(/^program\.cjs-\w{8}-______x_y-.*\.v8cache$/),
    ]);
    expect(run(file, cacheDir, {}, "PostToolUse").status).toBe("used");
    expect(run(file, cacheDir, {}, "Stop").status).toBe("used");
    writeFileSync(file, bundleSource("two"));
    expect(run(file, cacheDir, {}, "Stop")).toEqual({ answer: "two/program.cjs", status: "made" });
    expect(readdirSync(cacheDir)).toEqual([expect.stringMatching(/-Stop-.*\.v8cache$/)]);
  });

  it("compiles afresh when V8 refuses the cache (a damaged file), and writes a good one", () => {
    const { file, cacheDir } = setUp();
    run(file, cacheDir);
    const [name] = readdirSync(cacheDir) as [string];
    const damaged = readFileSync(join(cacheDir, name)).fill(0x5a, 0, 64);
    writeFileSync(join(cacheDir, name), damaged);
    expect(run(file, cacheDir)).toEqual({ answer: "one/program.cjs", status: "rejected" });
    expect(run(file, cacheDir)).toEqual({ answer: "one/program.cjs", status: "used" });
  });

  it.runIf(process.getuid !== undefined)(
    "keeps no cache in a folder others may write to, and leaves what is there unread",
    () => {
      const { file, cacheDir } = setUp();
      mkdirSync(cacheDir);
      chmodSync(cacheDir, 0o777);
      expect(run(file, cacheDir)).toEqual({ answer: "one/program.cjs", status: "off" });
      expect(readdirSync(cacheDir)).toEqual([]);
    },
  );

  it("still runs when the cache cannot be kept (a file where its folder would be)", () => {
    const { root, file } = setUp();
    const notAFolder = join(root, "taken");
    writeFileSync(notAFolder, "");
    expect(run(file, notAFolder)).toEqual({ answer: "one/program.cjs", status: "off" });
  });

  it("keeps no cache when NODE_DISABLE_COMPILE_CACHE is set, as Node keeps none of its own", () => {
    const { file, cacheDir } = setUp();
    const env = { NODE_DISABLE_COMPILE_CACHE: "1" };
    expect(run(file, cacheDir, env)).toEqual({ answer: "one/program.cjs", status: "off" });
    expect(run(file, cacheDir, env)).toEqual({ answer: "one/program.cjs", status: "off" });
    expect(() => readdirSync(cacheDir)).toThrow(/ENOENT/);
  });

  it("keeps each user's caches in a folder of their own in the OS temp folder", () => {
    const uid = process.getuid?.();
    expect(defaultCodeCacheDir("/tmp-x")).toBe(
      uid === undefined ? join("/tmp-x", "vextrus-code-cache") : join("/tmp-x", `vextrus-code-cache-${uid}`),
    );
  });

  it("keeps a stack trace's line numbers those of the bundle", () => {
    const { file, cacheDir } = setUp();
    writeFileSync(file, `"use strict";\n\nmodule.exports = { answer() { return new Error("x").stack; } };\n`);
    const stack = run(file, cacheDir).answer;
    expect(stack).toContain(`${file}:3:`);
  });
});
