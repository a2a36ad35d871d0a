import { agentCall, subagentTranscriptPath } from "../agent-call.js";
import { finishAgentRun } from "../agent-run.js";
import type { EventHandler } from "../output.js";
import { type PendingAgent, pendingAgentPath } from "../pending.js";
import { loadHookSettings } from "../settings.js";
import { writeJsonAtomic } from "../write-json.js";

/**
 * After a subagent call: a foreground agent's report is recorded and cached now; a background agent's call is
 * remembered, and its report is taken at its SubagentStop.
 */
export const postToolUse: EventHandler = async (ctx) => {
  const call = agentCall(ctx);
  if (!call) return undefined;
  const parsed = ctx.validate.agentResponse(ctx.input.tool_response ?? {});
  if (!parsed.ok) {
    ctx.note(`${parsed.message}; this call is not recorded`);
    return undefined;
  }
  const response = parsed.data;
  const settings = loadHookSettings(ctx);
  const agentId = response.agentId;

  if (response.status === "async_launched") {
    const path = agentId && pendingAgentPath(ctx, agentId);
    if (!path) return undefined;
    const pending: PendingAgent = {
      input: call.input,
      toolUseId: ctx.input.tool_use_id || agentId,
      startedAt: ctx.now().getTime(),
      sessionId: ctx.input.session_id ?? "",
    };
    writeJsonAtomic(path, pending);
    return undefined;
  }

  const output = (response.content ?? [])
    .filter((block) => block.type === "text" && typeof block.text === "string")
    .map((block) => block.text)
    .join("\n");
  await finishAgentRun(ctx, settings, {
    call,
    id: ctx.input.tool_use_id || agentId || `${ctx.input.session_id}:${ctx.now().getTime()}`,
    output,
    success: response.status === undefined || response.status === "completed",
    durationMs: ctx.input.duration_ms ?? response.totalDurationMs ?? 0,
    transcript: agentId ? subagentTranscriptPath(ctx, agentId) : undefined,
    ...(response.usage && { usage: response.usage }),
    ...(response.resolvedModel && { model: response.resolvedModel }),
  });
  return undefined;
};
