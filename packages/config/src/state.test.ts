import { describe, expect, it } from "vitest";
import { projectStateDir, STATE_FILES, statePaths, userStateDir } from "./state.js";

describe("state folders", () => {
  it("puts project state in <project>/.claude/state, or VEXTRUS_STATE_DIR taken from the project root", () => {
    expect(projectStateDir({ projectRoot: "/p", env: {} })).toBe("/p/.claude/state");
    // Relative: against the project root, whichever subfolder the command or hook runs in.
    expect(projectStateDir({ projectRoot: "/p", env: { VEXTRUS_STATE_DIR: "var/vx" } })).toBe("/p/var/vx");
    expect(projectStateDir({ projectRoot: "/p", env: { VEXTRUS_STATE_DIR: "/abs/vx" } })).toBe("/abs/vx");
  });

  it("puts user state in $XDG_STATE_HOME/vextrus, else ~/.local/state/vextrus", () => {
    expect(userStateDir({ env: {}, home: "/home/u" })).toBe("/home/u/.local/state/vextrus");
    expect(userStateDir({ env: { XDG_STATE_HOME: "/xdg" }, home: "/home/u" })).toBe("/xdg/vextrus");
    // The XDG specification: a relative path is invalid and ignored.
    expect(userStateDir({ env: { XDG_STATE_HOME: "rel" }, home: "/home/u" })).toBe(
      "/home/u/.local/state/vextrus",
    );
    expect(
      userStateDir({ env: { XDG_STATE_HOME: "/xdg", VEXTRUS_USER_STATE_DIR: "/mine" }, home: "/home/u" }),
    ).toBe("/mine");
  });

  it("names every file once: project data in the project folder, the ledger in the user folder", () => {
    const paths = statePaths({ projectRoot: "/p", env: { XDG_STATE_HOME: "/xdg" }, home: "/home/u" });
    expect(paths.file("metrics")).toBe("/p/.claude/state/metrics.db");
    expect(paths.file("cache")).toBe("/p/.claude/state/cache.db");
    expect(paths.file("tasks")).toBe("/p/.claude/state/tasks.jsonl");
    expect(paths.ledger).toBe(`/xdg/vextrus/${STATE_FILES.ledger}`);
    expect(new Set(Object.values(STATE_FILES)).size).toBe(Object.keys(STATE_FILES).length);
  });
});
