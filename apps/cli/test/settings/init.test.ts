import { existsSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HOOK_COMMAND, OUR_HOOKS } from "../../src/settings/hooks.js";
import { read, readJson, run, tempProject, write } from "./helpers.js";

const SETTINGS = ".claude/settings.json";

const userSettings = {
  model: "opus",
  permissions: { allow: ["Bash(ls:*)"] },
  hooks: {
    PreToolUse: [{ matcher: "Bash", hooks: [{ type: "command", command: "./guard.sh", timeout: 5 }] }],
    Stop: [{ hooks: [{ type: "command", command: "say done" }] }],
    Notification: [{ hooks: [{ type: "command", command: "notify-send hi" }] }],
  },
  env: { FOO: "1" },
};

describe("vextrus init: finding the hook", () => {
  it("refuses to register hooks Claude Code could not run, and writes nothing", async () => {
    const root = tempProject();
    const r = await run(["init"], root, { PATH: "/nonexistent" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("vextrus-hook is neither on PATH nor in this project's node_modules/.bin");
    expect(r.stderr).toContain("npm install -g @vextrus/cli");
    expect(existsSync(join(root, ".claude", "settings.json"))).toBe(false);
  });

  it("registers `vextrus-hook <Event>` when the hook is on PATH", async () => {
    const root = tempProject();
    const bin = fakeBin(mkdtempSync(join(tmpdir(), "vextrus-bin-")));
    const r = await run(["init"], root, { PATH: bin });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("(command: vextrus-hook <Event>)");
    const settings = readJson(root, SETTINGS) as {
      hooks: Record<string, { hooks: { command: string }[] }[]>;
    };
    expect(settings.hooks.Stop?.[0]?.hooks[0]?.command).toBe("vextrus-hook Stop");
  });

  it("registers the project's own node_modules/.bin/vextrus-hook through $CLAUDE_PROJECT_DIR", async () => {
    const root = tempProject();
    fakeBin(join(root, "node_modules", ".bin"));
    const r = await run(["init"], root, { PATH: "/nonexistent" });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('(command: "$CLAUDE_PROJECT_DIR"/node_modules/.bin/vextrus-hook <Event>)');
    const settings = readJson(root, SETTINGS) as {
      hooks: Record<string, { hooks: { command: string }[] }[]>;
    };
    expect(settings.hooks.PreToolUse?.[0]?.hooks[0]?.command).toBe(
      '"$CLAUDE_PROJECT_DIR"/node_modules/.bin/vextrus-hook PreToolUse',
    );
    // …and --uninstall recognises that spelling as ours.
    expect((await run(["init", "--uninstall"], root, { PATH: "/nonexistent" })).code).toBe(0);
    expect(readJson(root, SETTINGS)).toEqual({});
  });
});

function fakeBin(dir: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "vextrus-hook"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
  return dir;
}

describe("vextrus init", () => {
  it("on an empty project adds every hook and the state folder", async () => {
    const root = tempProject();
    const r = await run(["init", "--force"], root);
    expect(r.code).toBe(0);
    const settings = readJson(root, SETTINGS) as { hooks: Record<string, unknown[]> };
    expect(Object.keys(settings.hooks)).toEqual(OUR_HOOKS.map((h) => h.event));
    expect(settings.hooks.PreToolUse).toEqual([
      { matcher: "Agent|Task", hooks: [{ type: "command", command: "vextrus-hook PreToolUse" }] },
    ]);
    expect(settings.hooks.PostToolUse?.[0]).toMatchObject({ matcher: "Agent|Task" });
    expect(settings.hooks.SessionEnd).toEqual([
      { hooks: [{ type: "command", command: HOOK_COMMAND("SessionEnd"), timeout: 10 }] },
    ]);
    expect(settings.hooks.SessionStart).toEqual([
      { hooks: [{ type: "command", command: "vextrus-hook SessionStart" }] },
    ]);
    expect(read(root, SETTINGS)).toMatch(/^\{\n {2}"hooks": \{\n {4}"SessionStart"/);
    const state = join(root, ".claude", "state");
    expect(statSync(state).mode & 0o777).toBe(0o700);
    expect(read(root, ".claude/state/.gitignore")).toBe("*\n");
  });

  it("keeps user hooks, in order, and every other key", async () => {
    const root = tempProject();
    write(root, SETTINGS, userSettings);
    expect((await run(["init", "--force"], root)).code).toBe(0);
    const settings = readJson(root, SETTINGS) as typeof userSettings & { hooks: Record<string, unknown[]> };
    expect(Object.keys(settings)).toEqual(["model", "permissions", "hooks", "env"]);
    expect(settings.model).toBe("opus");
    expect(settings.env).toEqual({ FOO: "1" });
    expect(settings.hooks.PreToolUse).toEqual([
      userSettings.hooks.PreToolUse[0],
      { matcher: "Agent|Task", hooks: [{ type: "command", command: "vextrus-hook PreToolUse" }] },
    ]);
    expect(settings.hooks.Stop).toEqual([
      userSettings.hooks.Stop[0],
      { hooks: [{ type: "command", command: "vextrus-hook Stop" }] },
    ]);
    expect(settings.hooks.Notification).toEqual(userSettings.hooks.Notification);
    expect(Object.keys(settings.hooks).slice(0, 3)).toEqual(["PreToolUse", "Stop", "Notification"]);
  });

  it("run twice changes nothing (byte-identical)", async () => {
    const root = tempProject();
    write(root, SETTINGS, userSettings);
    await run(["init", "--force"], root);
    const once = read(root, SETTINGS);
    const second = await run(["init", "--force"], root);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("no change");
    expect(read(root, SETTINGS)).toBe(once);
  });

  it("--uninstall restores the original file byte for byte", async () => {
    const root = tempProject();
    write(root, SETTINGS, userSettings);
    const original = read(root, SETTINGS);
    await run(["init", "--force"], root);
    expect(read(root, SETTINGS)).not.toBe(original);
    const r = await run(["init", "--uninstall"], root);
    expect(r.code).toBe(0);
    expect(read(root, SETTINGS)).toBe(original);
    // Nothing left to remove: a second uninstall is a no-op.
    expect((await run(["init", "--uninstall"], root)).stdout).toContain("no vextrus hooks");
    expect(read(root, SETTINGS)).toBe(original);
  });

  it("--uninstall removes the hooks object it emptied, and keeps the file's own indentation", async () => {
    const root = tempProject();
    const original = `{\n    "model": "sonnet"\n}\n`;
    write(root, SETTINGS, original);
    await run(["init", "--force"], root);
    expect(read(root, SETTINGS)).toContain(`\n    "hooks": {\n        "SessionStart"`);
    await run(["init", "--uninstall"], root);
    expect(read(root, SETTINGS)).toBe(original);
  });

  it("--uninstall leaves a user hook that merely shares an event", async () => {
    const root = tempProject();
    await run(["init", "--force"], root);
    const settings = readJson(root, SETTINGS) as { hooks: Record<string, unknown[]> };
    settings.hooks.Stop?.push({ hooks: [{ type: "command", command: "say bye" }] });
    write(root, SETTINGS, settings);
    await run(["init", "--uninstall"], root);
    expect(readJson(root, SETTINGS)).toEqual({
      hooks: { Stop: [{ hooks: [{ type: "command", command: "say bye" }] }] },
    });
  });

  it("--dry-run writes nothing and shows the added lines", async () => {
    const root = tempProject();
    write(root, SETTINGS, userSettings);
    const before = read(root, SETTINGS);
    const r = await run(["init", "--dry-run"], root);
    expect(r.code).toBe(0);
    expect(read(root, SETTINGS)).toBe(before);
    expect(existsSync(join(root, ".claude", "state"))).toBe(false);
    expect(r.stdout).toContain("--- a/.claude/settings.json\n+++ b/.claude/settings.json\n@@ -");
    expect(r.stdout).toContain('+            "command": "vextrus-hook SessionEnd",');
    expect(r.stdout).toContain('+            "timeout": 10');
    expect(r.stdout).not.toMatch(/^-(?!--)/m);
    expect(r.stdout).toContain("would create .claude/state/");
    expect(r.stdout).toContain("nothing written");
  });

  it("--dry-run on an empty project shows the whole new file", async () => {
    const root = tempProject();
    const r = await run(["init", "--dry-run"], root);
    expect(r.stdout).toContain("@@ -0,0 +1,");
    expect(r.stdout).toContain('+  "hooks": {');
    expect(existsSync(join(root, ".claude"))).toBe(false);
  });

  it("refuses a settings.json that is not JSON, naming the file", async () => {
    const root = tempProject();
    write(root, SETTINGS, "{ nope");
    const r = await run(["init", "--force"], root);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(".claude/settings.json: not valid JSON");
    expect(read(root, SETTINGS)).toBe("{ nope");
  });
});
