import { isObject, type JsonObject } from "./file.js";

/** The hook executable as found on PATH; a project-local install is reached through `$CLAUDE_PROJECT_DIR`. */
export const HOOK_BIN = "vextrus-hook";
export const LOCAL_HOOK_BIN = '"$CLAUDE_PROJECT_DIR"/node_modules/.bin/vextrus-hook';

/** The one place the hook command is spelled. */
export const HOOK_COMMAND = (event: string, launcher: string = HOOK_BIN): string => `${launcher} ${event}`;

/** A path as one word for the shell Claude Code runs hooks with: single-quoted, so no character is special. */
export const shellQuote = (path: string): string => `'${path.replaceAll("'", "'\\''")}'`;

/**
 * How `--uninstall` finds ours, whichever launcher `init` wrote: `…vextrus-hook <Event>` or, for the hook shipped
 * with the CLI, `'/…/bin/vextrus-hook.cjs' <Event>`, and nothing after.
 */
const OUR_COMMAND = /(^|[\s"'/])vextrus-hook(\.cjs)?["']?\s+[A-Za-z]+$/;

export interface HookSpec {
  event: string;
  matcher?: string;
  timeout?: number;
}

// The subagent tool is `Agent` with `Task` kept as an alias; a matcher must name both (docs/claude-code-hooks.md).
export const OUR_HOOKS: readonly HookSpec[] = [
  { event: "SessionStart" },
  { event: "UserPromptSubmit" },
  { event: "PreToolUse", matcher: "Agent|Task" },
  { event: "PostToolUse", matcher: "Agent|Task" },
  // A failed or interrupted subagent call gets no PostToolUse; without this, success rates would count only wins.
  { event: "PostToolUseFailure", matcher: "Agent|Task" },
  { event: "SubagentStop" },
  { event: "Stop" },
  // SessionEnd hooks get about 1.5 s unless they ask for more.
  { event: "SessionEnd", timeout: 10 },
];

function isOurHook(hook: unknown): boolean {
  return isObject(hook) && typeof hook.command === "string" && OUR_COMMAND.test(hook.command);
}

function ourGroup(spec: HookSpec, launcher: string): JsonObject {
  const hook: JsonObject = { type: "command", command: HOOK_COMMAND(spec.event, launcher) };
  if (spec.timeout !== undefined) hook.timeout = spec.timeout;
  return spec.matcher === undefined ? { hooks: [hook] } : { matcher: spec.matcher, hooks: [hook] };
}

/**
 * Removes our entries from one event's groups. Groups that held only ours go; a user's group keeps its own
 * hooks. Returns the new list and where the first removed group stood.
 */
function withoutOurs(groups: unknown[]): { groups: unknown[]; at: number; removed: boolean } {
  const out: unknown[] = [];
  let at = -1;
  let removed = false;
  for (const group of groups) {
    if (!isObject(group) || !Array.isArray(group.hooks) || !group.hooks.some(isOurHook)) {
      out.push(group);
      continue;
    }
    removed = true;
    const kept = group.hooks.filter((hook) => !isOurHook(hook));
    if (kept.length > 0) out.push({ ...group, hooks: kept });
    else if (at < 0) at = out.length;
  }
  return { groups: out, at, removed };
}

function hooksObject(settings: JsonObject): JsonObject {
  const hooks = settings.hooks;
  if (hooks === undefined) return {};
  if (!isObject(hooks)) throw new Error('"hooks" is not an object');
  return hooks;
}

/** Settings with our hook entries in place: user hooks untouched and in order, ours where they were or last. */
export function installHooks(settings: JsonObject, launcher: string = HOOK_BIN): JsonObject {
  const hooks = { ...hooksObject(settings) };
  for (const spec of OUR_HOOKS) {
    const current = hooks[spec.event];
    if (current !== undefined && !Array.isArray(current))
      throw new Error(`"hooks.${spec.event}" is not a list`);
    const { groups, at } = withoutOurs(current ?? []);
    groups.splice(at < 0 ? groups.length : at, 0, ourGroup(spec, launcher));
    hooks[spec.event] = groups;
  }
  return { ...settings, hooks };
}

/** Settings without any of our hook entries; an event list or `hooks` object we emptied is removed. */
export function uninstallHooks(settings: JsonObject): JsonObject {
  if (settings.hooks === undefined) return settings;
  const hooks = { ...hooksObject(settings) };
  let emptied = false;
  for (const [event, current] of Object.entries(hooks)) {
    if (!Array.isArray(current)) continue;
    const { groups, removed } = withoutOurs(current);
    if (!removed) continue;
    if (groups.length === 0) {
      delete hooks[event];
      emptied = true;
    } else hooks[event] = groups;
  }
  const out: JsonObject = { ...settings, hooks };
  if (emptied && Object.keys(hooks).length === 0) delete out.hooks;
  return out;
}
