import { relative } from "node:path";
import { findProjectRoot, statePaths } from "@vextrus/config";
import { ensureStateDir, nodeFs } from "@vextrus/config/node";
import type { HookContext, HookEnv } from "./context.js";
import { describeIssue, hookInputSchema, validators } from "./input.js";
import { appendHookLog } from "./log.js";
import type { EventHandler } from "./output.js";

export interface HookResult {
  stdout: string;
  stderr: string;
  /** Always 0: a hook that fails must not break the session (blocking is said in JSON, not by exit code). */
  exitCode: 0;
}

/** Claude Code would pass bigger inputs (a subagent's whole report); past this we do not even parse. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

// A switch of literal imports, so the bundler makes one chunk per event and an event loads only its own code.
function loadHandler(event: string): Promise<EventHandler> | undefined {
  switch (event) {
    case "SessionStart":
      return import("./events/session-start.js").then((m) => m.sessionStart);
    case "UserPromptSubmit":
      return import("./events/user-prompt-submit.js").then((m) => m.userPromptSubmit);
    case "PreToolUse":
      return import("./events/pre-tool-use.js").then((m) => m.preToolUse);
    case "PostToolUse":
      return import("./events/post-tool-use.js").then((m) => m.postToolUse);
    case "PostToolUseFailure":
      return import("./events/post-tool-use-failure.js").then((m) => m.postToolUseFailure);
    case "SubagentStop":
      return import("./events/subagent-stop.js").then((m) => m.subagentStop);
    case "Stop":
    case "SessionEnd":
      return import("./events/stop.js").then((m) => m.stop);
    default:
      return undefined;
  }
}

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim().slice(0, 300);

/**
 * One hook event, start to end: stdin bytes in, what to print out. Never throws and always exits 0; what went
 * wrong is one line on stderr and, in full, the project state folder's `hooks.log`.
 */
export async function handleHook(
  eventArg: string | undefined,
  stdin: Buffer,
  env: HookEnv,
): Promise<HookResult> {
  const notes: string[] = [];
  const result = (stdout = ""): HookResult => ({
    stdout,
    stderr: notes.map((n) => `vextrus-hook: ${oneLine(n)}\n`).join(""),
    exitCode: 0,
  });
  if (stdin.length === 0) {
    notes.push(`no input on stdin for ${eventArg ?? "this event"}; nothing to do`);
    return result();
  }
  if (stdin.length > MAX_INPUT_BYTES) {
    notes.push(`input of ${stdin.length} bytes is over ${MAX_INPUT_BYTES}; ignored`);
    return result();
  }
  let raw: unknown;
  try {
    // Invalid UTF-8 becomes U+FFFD rather than an error: a mangled prompt is still a prompt.
    raw = JSON.parse(stdin.toString("utf8"));
  } catch (error) {
    notes.push(`stdin is not JSON (${(error as Error).message}); ignored`);
    return result();
  }
  const parsed = hookInputSchema.safeParse(raw);
  if (!parsed.success) {
    notes.push(`${describeIssue(parsed.error, "input")}; ignored`);
    return result();
  }
  const input = parsed.data;
  const event = eventArg || input.hook_event_name;
  const load = loadHandler(event);
  if (!load) {
    notes.push(`unknown event "${event}"; nothing to do (vextrus init registers the events it handles)`);
    return result();
  }
  const projectRoot = findProjectRoot({
    cwd: input.cwd || env.cwd || process.cwd(),
    env: env.env,
    fs: nodeFs,
  });
  if (projectRoot === undefined) {
    notes.push(
      `no project at ${input.cwd ?? "the working folder"} (no CLAUDE_PROJECT_DIR, .claude or .git); nothing done`,
    );
    return result();
  }
  const paths = statePaths({ projectRoot, env: env.env, home: env.home });
  const stateDir = paths.projectDir;
  const ctx: HookContext = {
    ...env,
    event,
    input,
    projectRoot,
    stateDir,
    ledger: paths.ledger,
    note: (m) => notes.push(m),
    validate: validators,
  };
  try {
    // Before any event writes to it: hooks can be registered for every project (user settings), and a database
    // must never end up in someone's commit.
    ensureStateDir(stateDir);
    const output = await (await load)(ctx);
    return result(output ? `${JSON.stringify(output)}\n` : "");
  } catch (error) {
    const err = error as Error;
    appendHookLog(stateDir, env.now(), event, err?.stack ?? String(error));
    notes.push(
      `${event} failed: ${oneLine(err?.message ?? String(error))} (details: ${relative(projectRoot, paths.file("hookLog"))})`,
    );
    return result();
  }
}
