/**
 * Which subagent runs the cache may replay. An answer can be replayed only when running the agent again would
 * change nothing but the answer itself and every input it used can be re-checked later: file reads (by content)
 * and searches (by re-running them). A tool with effects, or whose results cannot be re-checked, makes the run
 * uncacheable; the class of the tool says why. The tools: docs/claude-code-hooks.md, "What a subagent's tools
 * mean for a cached answer".
 */

/** Why a finished run was not stored: the first five come from the tools it used. */
export type NotStoredReason =
  | "wrote-files"
  | "used-bash"
  | "used-web"
  | "used-mcp"
  | "nested-agent"
  | "uncacheable-tool"
  | "read-outside-project"
  | "changed-during-run"
  | "unreadable-dependency"
  | "search-unverifiable"
  | "failed-run";

export const NOT_STORED_REASONS: readonly NotStoredReason[] = [
  "wrote-files",
  "used-bash",
  "used-web",
  "used-mcp",
  "nested-agent",
  "uncacheable-tool",
  "read-outside-project",
  "changed-during-run",
  "unreadable-dependency",
  "search-unverifiable",
  "failed-run",
];

/** The tools whose runs are cacheable by default: each one's result is recorded as a dependency and re-checked. */
export const DEFAULT_CACHEABLE_TOOLS: readonly string[] = Object.freeze(["Read", "Grep", "Glob", "LS"]);

/**
 * Claude Code's tools with effects or unre-checkable results, by the reason a run that used one is not stored.
 * Tools named here cannot be made cacheable by configuration when they change files, run commands or start
 * agents: replaying such a run would skip its effects.
 */
export const UNCACHEABLE_TOOL_CLASSES: Readonly<Record<string, NotStoredReason>> = Object.freeze({
  Write: "wrote-files",
  Edit: "wrote-files",
  MultiEdit: "wrote-files",
  NotebookEdit: "wrote-files",
  Bash: "used-bash",
  BashOutput: "used-bash",
  KillShell: "used-bash",
  KillBash: "used-bash",
  WebFetch: "used-web",
  WebSearch: "used-web",
  Agent: "nested-agent",
  Task: "nested-agent",
});

/** Reasons no setting may override: the run had effects a replay would skip. */
export const EFFECT_REASONS: ReadonlySet<NotStoredReason> = new Set([
  "wrote-files",
  "used-bash",
  "nested-agent",
]);

/** Order in which a run's reasons are reported when it used several kinds of tools: effects first. */
const PRIORITY: readonly NotStoredReason[] = [
  "wrote-files",
  "used-bash",
  "nested-agent",
  "used-mcp",
  "used-web",
  "uncacheable-tool",
];

/** The reason a run that used `tool` is not stored, or null when the tool is cacheable. */
export function toolReason(tool: string, cacheableTools: readonly string[] = DEFAULT_CACHEABLE_TOOLS) {
  const known = UNCACHEABLE_TOOL_CLASSES[tool];
  if (known && EFFECT_REASONS.has(known)) return known;
  if (cacheableTools.includes(tool)) return null;
  if (known) return known;
  if (tool.startsWith("mcp__")) return "used-mcp";
  return "uncacheable-tool";
}

export type RunClass = { cacheable: true } | { cacheable: false; reason: NotStoredReason; tool: string };

/**
 * Whether a run that used `toolsUsed` (tool names from its transcript, repeats allowed) may be stored, else the
 * reason of its most serious tool (effects first) and that tool's name.
 */
export function classifyRun(
  toolsUsed: Iterable<string>,
  config: { cacheableTools?: readonly string[] } = {},
): RunClass {
  const allowed = config.cacheableTools ?? DEFAULT_CACHEABLE_TOOLS;
  let worst: { reason: NotStoredReason; tool: string } | undefined;
  for (const tool of toolsUsed) {
    const reason = toolReason(tool, allowed);
    if (reason && (!worst || PRIORITY.indexOf(reason) < PRIORITY.indexOf(worst.reason)))
      worst = { reason, tool };
  }
  return worst ? { cacheable: false, ...worst } : { cacheable: true };
}
