import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkStateDir, ensureStateDir, nodeFs } from "./node-fs.js";

const temp = () => mkdtempSync(join(tmpdir(), "vx-config-"));

describe("ensureStateDir", () => {
  it("creates the folder 0700 with a .gitignore of * (0600), once", () => {
    const dir = join(temp(), "project", ".claude", "state");
    expect(ensureStateDir(dir)).toEqual([dir, join(dir, ".gitignore")]);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, ".gitignore")).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, ".gitignore"), "utf8")).toMatch(/^\*$/m);
    expect(ensureStateDir(dir)).toEqual([]);
    expect(readdirSync(dir)).toEqual([".gitignore"]);
  });

  it("adds only the .gitignore to a folder that exists", () => {
    const dir = temp();
    expect(ensureStateDir(dir)).toEqual([join(dir, ".gitignore")]);
  });

  it("rejects a file where the folder should be, naming it and the fix", () => {
    const base = temp();
    const file = join(base, "state");
    writeFileSync(file, "not a folder");
    for (const dir of [file, join(file, "below")])
      expect(() => ensureStateDir(dir)).toThrow(
        expect.objectContaining({
          code: "STATE_DIR_INVALID",
          message: expect.stringContaining(`${dir}: expected a folder, found a file`),
        }),
      );
    expect(readFileSync(file, "utf8")).toBe("not a folder");
  });
});

describe("nodeFs", () => {
  it("reads a file, and says undefined for one that is not there", () => {
    const dir = temp();
    mkdirSync(join(dir, ".claude"));
    writeFileSync(join(dir, "a.json"), "{}");
    expect(nodeFs.readText(join(dir, "a.json"))).toBe("{}");
    expect(nodeFs.readText(join(dir, "missing.json"))).toBeUndefined();
    expect(nodeFs.readText(join(dir, "a.json", "below"))).toBeUndefined();
    expect(nodeFs.exists(join(dir, ".claude"))).toBe(true);
  });
});

describe("checkStateDir", () => {
  it("accepts a folder or nothing yet, makes nothing, and refuses a file as ensureStateDir does", () => {
    const base = temp();
    checkStateDir(base);
    checkStateDir(join(base, "not-yet"));
    expect(readdirSync(base)).toEqual([]);
    writeFileSync(join(base, "state"), "");
    expect(() => checkStateDir(join(base, "state"))).toThrow(/state: expected a folder, found a file/);
  });
});
