import { agentCall, cacheInput, withAgentCache } from "../agent-call.js";
import { definedModel } from "../agent-definition.js";
import { recordInvocation } from "../agent-run.js";
import { scoreWith, tierPlan } from "../complexity.js";
import type { EventHandler, HookOutput } from "../output.js";
import { mainModel, recordSaving, rememberRoute } from "../savings.js";
import { loadHookSettings } from "../settings.js";

function age(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return "less than a minute";
  if (minutes < 90) return `${minutes} min`;
  return `${(minutes / 60).toFixed(1)} h`;
}

function listFiles(files: readonly string[]): string {
  if (files.length === 0) return "no files";
  const shown = files.slice(0, 10).join(", ");
  return files.length > 10 ? `${shown} and ${files.length - 10} more` : shown;
}

/**
 * Before a subagent starts: answer it from the cache when a fresh entry exists (the call is denied and the cached
 * report handed to Claude as its result), else choose its model when the caller pinned none.
 */
export const preToolUse: EventHandler = async (ctx) => {
  const call = agentCall(ctx);
  if (!call) return undefined;
  const settings = loadHookSettings(ctx);

  if (settings.flag("latency", "agent_caching_enabled")) {
    const started = ctx.now().getTime();
    const found = await withAgentCache(ctx, settings, (cache) => cache.get(cacheInput(call)));
    if (found.hit) {
      const { entry } = found;
      await recordInvocation(ctx, settings, {
        id: ctx.input.tool_use_id || `${ctx.input.session_id}:${started}`,
        agentType: call.agentType,
        model: call.input.model ?? "cache",
        success: true,
        userCorrection: false,
        durationMs: Math.max(0, ctx.now().getTime() - started),
        tokens: { input: 0, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 },
        costPico: 0n,
        cacheHit: true,
        start: "cached",
        sessionId: ctx.input.session_id ?? "",
        timestamp: ctx.now(),
      });
      // The run this hit replaces is the one that made the entry: its cost and time are what the hit saved.
      if (entry.produced_by)
        await recordSaving(ctx, {
          id: ctx.input.tool_use_id || `${ctx.input.session_id}:${started}`,
          kind: "cache",
          agentType: call.agentType,
          savedPico: BigInt(entry.produced_by.cost_pico),
          savedMs: entry.produced_by.duration_ms,
          ...(entry.produced_by.model && { model: entry.produced_by.model }),
        });
      const files = [...new Set(entry.file_dependencies.map((d) => d.path))];
      const searches = entry.search_dependencies?.length ?? 0;
      const seen = searches > 0 ? ` and the ${searches} search(es) it ran show the same` : "";
      const reason =
        `Answered from the Vextrus agent cache: the same ${call.agentType} task ran ${age(found.ageMs)} ago and ` +
        `the ${files.length} file(s) it read are unchanged (${listFiles(files)})${seen}. Its report follows; use it as ` +
        "this call's result. (To run the agent anyway, change the prompt or run `vextrus cache clear`.)\n\n" +
        entry.output;
      const output: HookOutput = {
        hookSpecificOutput: {
          hookEventName: "PreToolUse",
          permissionDecision: "deny",
          permissionDecisionReason: reason,
        },
      };
      return output;
    }
  }

  if (
    settings.flag("cost", "enabled") &&
    settings.flag("cost", "auto_model_selection") &&
    !call.input.model &&
    !definedModel(call.agentType, ctx.projectRoot, ctx.home)
  ) {
    const score = await scoreWith(settings, {
      description: `${call.input.description ?? ""}\n${call.input.prompt}`,
    });
    const model = (await tierPlan(score.model)).model;
    // Without this choice the agent would run on the session's model: what its saving is measured against.
    const baseline = mainModel(ctx.input.transcript_path);
    rememberRoute(ctx, ctx.input.tool_use_id, {
      model,
      ...(baseline && { baseline }),
      startedAt: ctx.now().getTime(),
      sessionId: ctx.input.session_id ?? "",
    });
    return {
      hookSpecificOutput: {
        hookEventName: "PreToolUse",
        updatedInput: { ...(ctx.input.tool_input as Record<string, unknown>), model },
      },
    };
  }
  return undefined;
};
