import { describe, expect, it } from "vitest";
import { memoryFs } from "../test/memory-fs.js";
import { findProjectRoot } from "./project.js";

describe("findProjectRoot", () => {
  const fs = memoryFs({}, ["/work/app/.git", "/work/app/pkg/.claude"]);

  it("takes the nearest folder up holding .claude or .git", () => {
    expect(findProjectRoot({ cwd: "/work/app/pkg/src/deep", env: {}, fs })).toBe("/work/app/pkg");
    expect(findProjectRoot({ cwd: "/work/app/docs", env: {}, fs })).toBe("/work/app");
  });

  it("prefers CLAUDE_PROJECT_DIR, resolved against the working folder", () => {
    expect(findProjectRoot({ cwd: "/work/app/pkg", env: { CLAUDE_PROJECT_DIR: "/elsewhere" }, fs })).toBe(
      "/elsewhere",
    );
    expect(findProjectRoot({ cwd: "/work", env: { CLAUDE_PROJECT_DIR: "app" }, fs })).toBe("/work/app");
  });

  it("is undefined outside any project: nothing may be written there", () => {
    expect(findProjectRoot({ cwd: "/tmp/downloads", env: {}, fs })).toBeUndefined();
  });
});
