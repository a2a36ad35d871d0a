import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { applyPatch } from "diff";
import { describe, expect, it } from "vitest";
import { HOOK_COMMAND, OUR_HOOKS, shellQuote } from "../../src/settings/hooks.js";
import { read, readJson, run, tempProject, write } from "./helpers.js";

const cliDir = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const shippedHook = join(cliDir, "bin", "vextrus-hook.cjs");
/** A PATH holding only the Node running the tests (22.13 or newer), so no vextrus-hook is on it. */
const nodeOnly = dirname(process.execPath);

/** The built CLI as a person runs it: a symlink to bin/vextrus.js in a folder of their own. */
function spawnCli(args: string[], cwd: string, bin = join(cliDir, "bin", "vextrus.js")) {
  const linkDir = mkdtempSync(join(tmpdir(), "vx-link-"));
  symlinkSync(bin, join(linkDir, "vextrus"));
  const r = spawnSync(process.execPath, [join(linkDir, "vextrus"), ...args], {
    cwd,
    env: { PATH: nodeOnly, HOME: cwd, NO_COLOR: "1" },
    encoding: "utf8",
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

type Hooks = Record<string, { hooks: { command: string }[] }[]>;

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
  it("from the checkout, without vextrus-hook on PATH, registers the shipped hook by absolute path, and it runs", () => {
    const root = tempProject();
    const r = spawnCli(["init"], root);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const quoted = `'${shippedHook}'`;
    expect(r.stdout).toContain(`(command: ${quoted} <Event>)`);
    expect(r.stdout).toContain("holds on this machine only");
    const settings = readJson(root, SETTINGS) as { hooks: Hooks };
    for (const spec of OUR_HOOKS)
      expect(settings.hooks[spec.event]?.[0]?.hooks[0]?.command).toBe(`${quoted} ${spec.event}`);

    // Claude Code runs the command through the shell, with the session on stdin.
    const command = settings.hooks.SessionStart?.[0]?.hooks[0]?.command ?? "";
    const hook = spawnSync("/bin/sh", ["-c", command], {
      cwd: root,
      env: { PATH: nodeOnly, HOME: root, CLAUDE_PROJECT_DIR: root },
      input: JSON.stringify({
        session_id: "s-1",
        transcript_path: join(root, "t.jsonl"),
        cwd: root,
        hook_event_name: "SessionStart",
        source: "startup",
      }),
      encoding: "utf8",
    });
    expect([hook.status, hook.stderr]).toEqual([0, ""]);
    // It ran the real hook, which answers SessionStart with the month's budget.
    const answer = JSON.parse(hook.stdout) as { hookSpecificOutput?: { hookEventName?: string } };
    expect(answer.hookSpecificOutput?.hookEventName).toBe("SessionStart");

    // --uninstall recognises the quoted absolute spelling as ours.
    expect(spawnCli(["init", "--uninstall"], root).code).toBe(0);
    expect(readJson(root, SETTINGS)).toEqual({});
  });

  it("refuses to register hooks Claude Code could not run, and --dry-run refuses alike; nothing written", () => {
    // An install of the CLI that does not ship the hook: its package.json, bin/vextrus.js and dist/, nothing else.
    const install = mkdtempSync(join(tmpdir(), "vx-install-"));
    cpSync(join(cliDir, "package.json"), join(install, "package.json"));
    cpSync(join(cliDir, "dist"), join(install, "dist"), { recursive: true });
    mkdirSync(join(install, "bin"));
    cpSync(join(cliDir, "bin", "vextrus.js"), join(install, "bin", "vextrus.js"));
    const root = tempProject();
    const real = spawnCli(["init"], root, join(install, "bin", "vextrus.js"));
    expect(real.code).toBe(1);
    expect(real.stderr).toContain(
      "vextrus-hook is neither on PATH, nor in this project's node_modules/.bin, nor shipped with this vextrus",
    );
    expect(real.stderr).toContain("npm install -g @vextrus/cli");
    expect(real.stderr.trim().split("\n")).toHaveLength(1);
    const dry = spawnCli(["init", "--dry-run"], root, join(install, "bin", "vextrus.js"));
    expect([dry.code, dry.stderr, dry.stdout]).toEqual([real.code, real.stderr, ""]);
    expect(existsSync(join(root, ".claude"))).toBe(false);
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

describe("the shipped hook's path in a hook command", () => {
  it("is one shell word whatever it holds, and --uninstall still knows it as ours", async () => {
    const odd = "/tmp/my proj/it's $HOME/bin/vextrus-hook.cjs";
    const echoed = spawnSync("/bin/sh", ["-c", `printf %s ${shellQuote(odd)}`], { encoding: "utf8" });
    expect(echoed.stdout).toBe(odd);
    const root = tempProject();
    write(root, SETTINGS, {
      hooks: { Stop: [{ hooks: [{ type: "command", command: `${shellQuote(odd)} Stop` }] }] },
    });
    expect((await run(["init", "--uninstall"], root)).code).toBe(0);
    expect(readJson(root, SETTINGS)).toEqual({});
  });
});

function fakeBin(dir: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "vextrus-hook"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
  return dir;
}

/** A PATH with `vextrus-hook` on it, as after `npm install -g @vextrus/cli`. */
const onPath = { PATH: fakeBin(mkdtempSync(join(tmpdir(), "vextrus-bin-"))) };

describe("vextrus init", () => {
  it("on an empty project adds every hook and the state folder", async () => {
    const root = tempProject();
    const r = await run(["init"], root, onPath);
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
    expect(read(root, ".claude/state/.gitignore")).toMatch(/^\*$/m);
  });

  it("keeps user hooks, in order, and every other key", async () => {
    const root = tempProject();
    write(root, SETTINGS, userSettings);
    expect((await run(["init"], root, onPath)).code).toBe(0);
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
    await run(["init"], root, onPath);
    const once = read(root, SETTINGS);
    const second = await run(["init"], root, onPath);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("no change");
    expect(read(root, SETTINGS)).toBe(once);
  });

  it("--uninstall restores the original file byte for byte", async () => {
    const root = tempProject();
    write(root, SETTINGS, userSettings);
    const original = read(root, SETTINGS);
    await run(["init"], root, onPath);
    expect(read(root, SETTINGS)).not.toBe(original);
    const r = await run(["init", "--uninstall"], root, onPath);
    expect(r.code).toBe(0);
    expect(read(root, SETTINGS)).toBe(original);
    // Nothing left to remove: a second uninstall is a no-op.
    expect((await run(["init", "--uninstall"], root, onPath)).stdout).toContain("no vextrus hooks");
    expect(read(root, SETTINGS)).toBe(original);
  });

  it("--uninstall removes the hooks object it emptied, and keeps the file's own indentation", async () => {
    const root = tempProject();
    const original = `{\n    "model": "sonnet"\n}\n`;
    write(root, SETTINGS, original);
    await run(["init"], root, onPath);
    expect(read(root, SETTINGS)).toContain(`\n    "hooks": {\n        "SessionStart"`);
    await run(["init", "--uninstall"], root, onPath);
    expect(read(root, SETTINGS)).toBe(original);
  });

  it("--uninstall leaves a user hook that merely shares an event", async () => {
    const root = tempProject();
    await run(["init"], root, onPath);
    const settings = readJson(root, SETTINGS) as { hooks: Record<string, unknown[]> };
    settings.hooks.Stop?.push({ hooks: [{ type: "command", command: "say bye" }] });
    write(root, SETTINGS, settings);
    await run(["init", "--uninstall"], root, onPath);
    expect(readJson(root, SETTINGS)).toEqual({
      hooks: { Stop: [{ hooks: [{ type: "command", command: "say bye" }] }] },
    });
  });

  it("--dry-run writes nothing and shows the added lines", async () => {
    const root = tempProject();
    write(root, SETTINGS, userSettings);
    const before = read(root, SETTINGS);
    const r = await run(["init", "--dry-run"], root, onPath);
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
    const r = await run(["init", "--dry-run"], root, onPath);
    expect(r.stdout).toContain("@@ -0,0 +1,");
    expect(r.stdout).toContain('+  "hooks": {');
    expect(existsSync(join(root, ".claude"))).toBe(false);
  });

  it("refuses a settings.json that is not JSON, naming the file", async () => {
    const root = tempProject();
    write(root, SETTINGS, "{ nope");
    const r = await run(["init"], root, onPath);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(".claude/settings.json: not valid JSON");
    expect(read(root, SETTINGS)).toBe("{ nope");
  });

  for (const [name, before] of [
    ["a project with its own settings and hooks", `${JSON.stringify(userSettings, null, 2)}\n`],
    ["an empty project", undefined],
    ["a file in another indentation and without a final newline", `{\n    "model": "sonnet"\n}`],
  ] as const)
    it(`--dry-run shows exactly what init then writes (${name})`, async () => {
      const root = tempProject();
      if (before !== undefined) write(root, SETTINGS, before);
      const dry = await run(["init", "--dry-run"], root, onPath);
      expect(dry.code).toBe(0);
      expect(existsSync(join(root, ".claude", "state"))).toBe(false);
      const patch = dry.stdout.slice(0, dry.stdout.indexOf("\n.claude/settings.json: ") + 1);
      const real = await run(["init"], root, onPath);
      expect(real.code).toBe(0);
      // The diff, applied to the file as it was, gives the file init wrote: no more, no less.
      expect(applyPatch(before ?? "", patch)).toBe(read(root, SETTINGS));
      // Unchanged lines are context only: the few around each change, never the whole file again.
      const context = patch.split("\n").filter((line) => line.startsWith(" ")).length;
      expect(context).toBeLessThanOrEqual(6 * (patch.match(/^@@ /gm)?.length ?? 0));
      // …and it announces what init then says.
      expect(dry.stdout).toContain(
        real.stdout.split("\n")[0]?.replace("hooks added", "hooks would be added"),
      );
    });

  for (const [name, content, refusal] of [
    ["hooks is not an object", { hooks: [] }, '.claude/settings.json: "hooks" is not an object'],
    ["an event is not a list", { hooks: { Stop: {} } }, '.claude/settings.json: "hooks.Stop" is not a list'],
    ["the top level is not an object", [], ".claude/settings.json: expected a JSON object at the top level"],
    ["the file is not JSON", "{ nope", ".claude/settings.json: not valid JSON"],
  ] as const)
    it(`--dry-run refuses as init does when ${name}, and both write nothing`, async () => {
      const root = tempProject();
      write(root, SETTINGS, content);
      const before = read(root, SETTINGS);
      const real = await run(["init"], root, onPath);
      expect(real.code).toBe(1);
      expect(real.stderr).toContain(refusal);
      expect(real.stderr.trim().split("\n")).toHaveLength(1);
      const dry = await run(["init", "--dry-run"], root, onPath);
      expect([dry.code, dry.stderr, dry.stdout]).toEqual([real.code, real.stderr, ""]);
      expect(read(root, SETTINGS)).toBe(before);
      expect(existsSync(join(root, ".claude", "state"))).toBe(false);
    });

  it("--uninstall on a project without settings creates none", async () => {
    const root = tempProject();
    const r = await run(["init", "--uninstall"], root, onPath);
    expect([r.code, r.stdout]).toEqual([0, ".claude/settings.json: no vextrus hooks to remove\n"]);
    expect(existsSync(join(root, ".claude"))).toBe(false);
  });
});
