import { readFileSync, rmSync } from "node:fs";
import { DEFAULT_SUBAGENT, subagentTranscriptPath } from "../agent-call.js";
import { finishAgentRun } from "../agent-run.js";
import type { HookContext } from "../context.js";
import { ingestUsage } from "../ingest.js";
import type { EventHandler } from "../output.js";
import { type PendingAgent, pendingAgentPath } from "../pending.js";
import { loadHookSettings } from "../settings.js";

function takePending(ctx: HookContext, agentId: string): PendingAgent | undefined {
  const path = pendingAgentPath(ctx, agentId);
  if (!path) return undefined;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return undefined; // a foreground agent: recorded at its PostToolUse
  }
  rmSync(path, { force: true });
  try {
    const pending = JSON.parse(text) as PendingAgent;
    const input = ctx.validate.agentInput(pending.input);
    return input.ok ? { ...pending, input: input.data } : undefined;
  } catch {
    return undefined;
  }
}

/** A subagent ended: a background agent's report is recorded and cached now; then the new usage is ingested. */
export const subagentStop: EventHandler = async (ctx) => {
  const agentId = ctx.input.agent_id;
  const pending = agentId ? takePending(ctx, agentId) : undefined;
  if (agentId && pending) {
    const settings = loadHookSettings(ctx);
    await finishAgentRun(ctx, settings, {
      call: { input: pending.input, agentType: pending.input.subagent_type || DEFAULT_SUBAGENT },
      id: pending.toolUseId,
      output: ctx.input.last_assistant_message ?? "",
      success: true,
      durationMs: ctx.now().getTime() - pending.startedAt,
      transcript: ctx.input.agent_transcript_path || subagentTranscriptPath(ctx, agentId),
    });
  }
  await ingestUsage(ctx);
  return undefined;
};
