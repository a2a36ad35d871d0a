import { dirname, join } from "node:path";
import type { AgentCache, AgentInput, CacheBackend } from "@vextrus/cache";
import { STATE_FILES } from "@vextrus/config";
import type { HookContext } from "./context.js";
import type { AgentToolInput } from "./input.js";
import type { HookSettings } from "./settings.js";
import { withStore } from "./store-pool.js";

/** The subagent tool: `Agent` since Claude Code 2.1, `Task` before (still an alias). */
export const AGENT_TOOLS: ReadonlySet<string> = new Set(["Agent", "Task"]);

/** Claude Code's own default when the caller names no subagent type. */
export const DEFAULT_SUBAGENT = "general-purpose";

export interface AgentCall {
  input: AgentToolInput;
  agentType: string;
}

/** The `Agent`/`Task` call of a Pre/PostToolUse event, or undefined (another tool, or an input we cannot use). */
export function agentCall(ctx: HookContext): AgentCall | undefined {
  if (!AGENT_TOOLS.has(ctx.input.tool_name ?? "")) return undefined;
  const parsed = ctx.validate.agentInput(ctx.input.tool_input);
  if (!parsed.ok) {
    ctx.note(`${parsed.message}; this call is neither cached nor recorded`);
    return undefined;
  }
  const input = parsed.data;
  return { input, agentType: input.subagent_type || DEFAULT_SUBAGENT };
}

/**
 * The cache key's input: the agent and what it is asked. The model is left out on purpose: the PreToolUse hook
 * may choose it, and the PostToolUse hook must compute the same key from the call as it finally ran.
 */
export function cacheInput(call: AgentCall): AgentInput {
  return { agentType: call.agentType, prompt: call.input.prompt };
}

/**
 * `fn` with the agent cache: on SQLite the daemon's pooled connection (or one opened and closed around `fn`), on
 * Redis (`$VEXTRUS_STORE`) a client for this event.
 */
export async function withAgentCache<R>(
  ctx: HookContext,
  settings: HookSettings,
  fn: (cache: AgentCache) => Promise<R>,
): Promise<R> {
  const [{ createAgentCache, CACHE_NAMESPACE }, node, config] = await Promise.all([
    import("@vextrus/cache"),
    import("@vextrus/cache/node"),
    settings.cache(),
  ]);
  const now = () => ctx.now().getTime();
  const using = (backend: CacheBackend) =>
    fn(createAgentCache({ backend, files: node.createFsProbe({ root: ctx.projectRoot }), now, config }));
  const url = ctx.env.VEXTRUS_STORE;
  if (url && /^rediss?:\/\//.test(url)) {
    const backend = await node.createRedisBackend({ url, namespace: CACHE_NAMESPACE });
    try {
      return await using(backend);
    } finally {
      await backend.close();
    }
  }
  const path = join(ctx.stateDir, STATE_FILES.cache);
  // A pooled backend keeps the `now` and notes of the event that opened it: the daemon's clock is the real one
  // for every event, and the only note (a damaged file recovered) belongs to that event.
  const open = () => node.createSqliteBackend({ path, namespace: CACHE_NAMESPACE, onWarning: ctx.note, now });
  return withStore(ctx, path, open, using);
}

/** `<project dir>/<session>/subagents/agent-<id>.jsonl`, beside the parent's transcript. */
export function subagentTranscriptPath(ctx: HookContext, agentId: string): string | undefined {
  const { transcript_path: parent, session_id: session } = ctx.input;
  if (!parent || !session || !/^[\w-]+$/.test(agentId) || !/^[\w-]+$/.test(session)) return undefined;
  return join(dirname(parent), session, "subagents", `agent-${agentId}.jsonl`);
}
