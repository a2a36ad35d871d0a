import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultCodeCacheDir } from "@vextrus/code-cache";
import { beforeAll, describe, expect, it } from "vitest";
import type { HookOutput } from "../src/output.js";
import { agentInput, assertBuilt, runHookProcess, type Sandbox, sandbox } from "./harness.js";
import { withCache } from "./stores.js";

// The installed command (`bin/vextrus-hook.cjs` → built `dist/hook.cjs`), as Claude Code starts it.

const run = (s: Sandbox, event: string | undefined, stdin: string | Buffer) =>
  runHookProcess(event, stdin, { env: s.env, cwd: s.root });

describe("vextrus-hook, the process", () => {
  beforeAll(assertBuilt);

  it("exits 0 with one line on stderr for empty or broken input", async () => {
    const s = sandbox();
    expect(await run(s, "Stop", "")).toEqual({
      code: 0,
      signal: null,
      stdout: "",
      stderr: "vextrus-hook: no input on stdin for Stop; nothing to do\n",
    });
    const broken = await run(s, "PreToolUse", '{"hook_event_name":');
    expect([broken.code, broken.stdout]).toEqual([0, ""]);
    expect(broken.stderr).toMatch(/^vextrus-hook: stdin is not JSON \(.*\); ignored\n$/);
    const noEvent = await run(s, undefined, JSON.stringify(s.payload("Stop")));
    expect(noEvent).toEqual({ code: 0, signal: null, stdout: "", stderr: "" });
  });

  it("prints a UserPromptSubmit answer for a prompt of several megabytes", async () => {
    const s = sandbox();
    const prompt = `Fix the payment retries. ${"Some pasted log line.\n".repeat(300_000)}`;
    const r = await run(s, "UserPromptSubmit", JSON.stringify(s.payload("UserPromptSubmit", { prompt })));
    expect([r.code, r.signal, r.stderr]).toEqual([0, null, ""]);
    const out = JSON.parse(r.stdout) as HookOutput;
    expect(out.hookSpecificOutput?.additionalContext).toContain("Task complexity 30/100 (payment-topic +30)");
  });

  it("writes a cached report of several megabytes to stdout whole", async () => {
    const s = sandbox();
    s.write("src/app.ts", "export const app = 1;\n");
    const report = `${"A long report line about src/app.ts.\n".repeat(100_000)}The end.`;
    await withCache(
      s.root,
      s.state,
      (cache) =>
        cache.set({
          agentType: "Explore",
          prompt: "Describe src/app.ts",
          output: report,
          dependencies: ["src/app.ts"],
        }),
      Date.now,
    );
    const r = await run(
      s,
      "PreToolUse",
      JSON.stringify(
        s.payload("PreToolUse", {
          tool_name: "Agent",
          tool_input: agentInput("Describe src/app.ts"),
          tool_use_id: "toolu_1",
        }),
      ),
    );
    expect([r.code, r.signal, r.stderr]).toEqual([0, null, ""]);
    expect(r.stdout.length).toBeGreaterThan(report.length);
    const reason = (JSON.parse(r.stdout) as HookOutput).hookSpecificOutput?.permissionDecisionReason ?? "";
    expect(reason.endsWith(`\n\n${report}`)).toBe(true);
  });

  it("runs each event from a code cache of its own, made after its first run, with the same answers", async () => {
    const tmp = mkdtempSync(join(tmpdir(), "vx-hook-tmp-"));
    const s = sandbox({ env: { TMPDIR: tmp } });
    const caches = () => readdirSync(defaultCodeCacheDir(tmp)).sort();
    const prompt = JSON.stringify(s.payload("UserPromptSubmit", { prompt: "Fix the payment retries." }));
    const first = await run(s, "UserPromptSubmit", prompt);
    expect(first.stderr).toBe("");
    expect(caches()).toEqual([expect.stringMatching(/^hook\.cjs-\w{8}-UserPromptSubmit-.*\.v8cache$/)]);
    const made = caches();
    expect(await run(s, "UserPromptSubmit", prompt)).toEqual(first);
    // Used, not written again.
    expect(caches()).toEqual(made);
    await run(s, "Stop", JSON.stringify(s.payload("Stop")));
    // Names that are not an event's spelling share one cache.
    await run(s, "no-such-event", JSON.stringify(s.payload("Stop")));
    await run(s, "__proto__", JSON.stringify(s.payload("Stop")));
    expect(caches()).toEqual([
      expect.stringMatching(/-Stop-.*\.v8cache$/),
      expect.stringMatching(/-UserPromptSubmit-.*\.v8cache$/),
      expect.stringMatching(/-other-.*\.v8cache$/),
    ]);
  });

  it("keeps no code cache with NODE_DISABLE_COMPILE_CACHE", async () => {
    const tmp = mkdtempSync(join(tmpdir(), "vx-hook-tmp-"));
    const s = sandbox({ env: { TMPDIR: tmp, NODE_DISABLE_COMPILE_CACHE: "1" } });
    const r = await run(s, "Stop", JSON.stringify(s.payload("Stop")));
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(readdirSync(tmp)).toEqual([]);
  });
});
