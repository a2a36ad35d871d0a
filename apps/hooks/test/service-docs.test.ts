import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { serviceDocs } from "../src/service-docs.js";

let base: string;
let root: string;
const put = (path: string) => {
  mkdirSync(dirname(join(base, path)), { recursive: true });
  writeFileSync(join(base, path), "# doc\n");
};

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), "vextrus-docs-"));
  root = join(base, "project");
  mkdirSync(root);
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

describe("serviceDocs", () => {
  it("finds a folder's own CLAUDE.md and README.md, CLAUDE.md first", () => {
    put("project/services/billing/README.md");
    put("project/services/billing/CLAUDE.md");
    expect(serviceDocs(root, ["services/billing/"])).toEqual([
      "services/billing/CLAUDE.md",
      "services/billing/README.md",
    ]);
  });

  it("climbs to the nearest parent with docs, stopping below the project root", () => {
    put("project/README.md");
    put("project/services/billing/README.md");
    expect(serviceDocs(root, ["services/billing/src/handlers/", "tools/scripts/"])).toEqual([
      "services/billing/README.md",
    ]);
  });

  it("names a doc once when several folders share it, and at most five", () => {
    for (const name of ["a", "b", "c", "d", "e", "f"]) put(`project/${name}/README.md`);
    put("project/svc/README.md");
    expect(serviceDocs(root, ["svc/x/", "svc/y/"])).toEqual(["svc/README.md"]);
    expect(serviceDocs(root, ["a/", "b/", "c/", "d/", "e/", "f/"])).toHaveLength(5);
  });

  it("ignores folders that leave the project, and folders that are files", () => {
    put("outside/README.md");
    put("project/notes.md");
    expect(
      serviceDocs(root, ["../outside/", "/etc/", "a/../../outside/", "..\\outside\\", "notes.md"]),
    ).toEqual([]);
  });
});
