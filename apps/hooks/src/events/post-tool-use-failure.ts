import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { agentCall, subagentTranscriptPath } from "../agent-call.js";
import { finishAgentRun } from "../agent-run.js";
import type { HookContext } from "../context.js";
import type { EventHandler } from "../output.js";
import { loadHookSettings } from "../settings.js";

/**
 * The subagent a failed call started, from the `agent-<id>.meta.json` files beside the session's subagent
 * transcripts (they name the `toolUseId`): the failure payload itself carries no agent id.
 */
function agentOfCall(ctx: HookContext, toolUseId: string): string | undefined {
  const { transcript_path: parent, session_id: session } = ctx.input;
  if (!parent || !session || !/^[\w-]+$/.test(session)) return undefined;
  const dir = join(dirname(parent), session, "subagents");
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /^agent-[\w-]+\.meta\.json$/.test(n));
  } catch {
    return undefined;
  }
  for (const name of names) {
    try {
      const meta = JSON.parse(readFileSync(join(dir, name), "utf8")) as { toolUseId?: unknown };
      if (meta.toolUseId === toolUseId) return name.slice("agent-".length, -".meta.json".length);
    } catch {
      // a meta file being written or damaged: not this one
    }
  }
  return undefined;
}

/**
 * A subagent call that failed or was interrupted: recorded as a failed run (with what it cost so far, when its
 * transcript can be found), so success rates count failures and not only the runs that finished. Nothing is cached.
 */
export const postToolUseFailure: EventHandler = async (ctx) => {
  const call = agentCall(ctx);
  const toolUseId = ctx.input.tool_use_id;
  if (!call || !toolUseId) return undefined;
  const agentId = agentOfCall(ctx, toolUseId);
  await finishAgentRun(ctx, loadHookSettings(ctx), {
    call,
    id: toolUseId,
    output: "",
    success: false,
    failureMode: ctx.input.is_interrupt ? "interrupted" : "tool-error",
    durationMs: ctx.input.duration_ms ?? 0,
    transcript: agentId ? subagentTranscriptPath(ctx, agentId) : undefined,
  });
  return undefined;
};
