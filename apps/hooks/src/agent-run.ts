import { join } from "node:path";
import { STATE_FILES } from "@vextrus/config";
import { type TokenCounts, usageTokens } from "@vextrus/cost";
import { userMessage } from "@vextrus/errors";
import type { InvocationInput } from "@vextrus/metrics";
import { type AgentCall, cacheInput, withAgentCache } from "./agent-call.js";
import type { HookContext } from "./context.js";
import type { AgentToolResponse } from "./input.js";
import { mainModel, recordRoutingSaving, takeRoute } from "./savings.js";
import type { HookSettings } from "./settings.js";
import { withStore } from "./store-pool.js";
import { priceRequests, readSubagentTranscript } from "./subagent-transcript.js";
import { noteAgentRun } from "./task-log.js";

/** Adds one invocation to `.claude/state/metrics.db` (one transaction; SQLite's lock serialises processes). */
export async function recordInvocation(
  ctx: HookContext,
  settings: HookSettings,
  input: InvocationInput,
): Promise<void> {
  const [{ toInvocationRecord }, { openSqliteMetricsStore }, book] = await Promise.all([
    import("@vextrus/metrics"),
    import("@vextrus/metrics/node"),
    settings.priceBook(),
  ]);
  const record = toInvocationRecord(input, book);
  const path = join(ctx.stateDir, STATE_FILES.metrics);
  await withStore(
    ctx,
    path,
    () => openSqliteMetricsStore(path),
    (store) => store.addInvocations([record]),
  );
}

export interface FinishedRun {
  call: AgentCall;
  /** The tool call's id (PostToolUse) or the agent's (SubagentStop): one invocation record each. */
  id: string;
  output: string;
  success: boolean;
  durationMs: number;
  /** The subagent's own transcript: its requests (cost) and the files it read (cache dependencies). */
  transcript: string | undefined;
  /** The usage Claude Code reported, for when the transcript cannot be read. */
  usage?: AgentToolResponse["usage"];
  model?: string;
  /** Why a run that did not succeed failed (`interrupted`, `tool-error`); default `agent-error`. */
  failureMode?: string;
}

const n = (value: number | null | undefined) =>
  typeof value === "number" && value > 0 ? Math.round(value) : 0;

const NO_TOKENS: TokenCounts = { input: 0, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 };

/** The usage Claude Code reported for the run, by cost's one rule; a broken one is said and counted as none. */
function reportedTokens(ctx: HookContext, usage: AgentToolResponse["usage"]): TokenCounts {
  if (!usage) return NO_TOKENS;
  try {
    const { input, output, cacheWrite5m, cacheWrite1h, cacheRead } = usageTokens(usage);
    return { input, output, cacheWrite5m, cacheWrite1h, cacheRead };
  } catch (error) {
    ctx.note(`the agent's reported ${userMessage(error)}: its tokens are not counted`);
    return NO_TOKENS;
  }
}

/**
 * A subagent finished: record the invocation with its exact cost, and offer its answer to the cache with what the
 * agent used and saw (from its transcript). Whether it is stored, and why not, is the cache's rule; a run whose
 * transcript is unreadable is not offered: nothing says what it was made from.
 */
export async function finishAgentRun(
  ctx: HookContext,
  settings: HookSettings,
  run: FinishedRun,
): Promise<void> {
  const transcript = run.transcript ? readSubagentTranscript(run.transcript, ctx.projectRoot) : undefined;
  const book = await settings.priceBook();
  const priced = transcript && priceRequests(transcript.requests, book);
  const model = priced?.model ?? run.model ?? run.call.input.model ?? "unknown";
  const tokens = priced?.tokens ?? reportedTokens(ctx, run.usage);
  const anyTokens = Object.values(tokens).some((v) => v > 0);
  // Zero tokens cost 0 on any model (a background agent whose transcript is gone): no price needed for that.
  const unpriced = priced ? priced.unpriced : anyTokens && !book.resolve(model) ? [model] : [];
  // The run still counts (success, duration, tokens); only its price is missing, and the person is told why.
  if (unpriced.length > 0)
    ctx.note(
      `no price for ${unpriced.map((m) => `"${m}"`).join(", ")}: this run's cost is recorded without those requests; add the model under optimization.cost.prices`,
    );
  await recordInvocation(ctx, settings, {
    id: run.id,
    agentType: run.call.agentType,
    model,
    success: run.success,
    userCorrection: false,
    durationMs: n(run.durationMs),
    tokens,
    ...(priced ? { costPico: priced.costPico } : (unpriced.length > 0 || !anyTokens) && { costPico: 0n }),
    cacheHit: false,
    start: "cold",
    sessionId: ctx.input.session_id ?? "",
    timestamp: ctx.now(),
    ...(!run.success && { failureMode: run.failureMode ?? "agent-error" }),
  });
  noteAgentRun(ctx, { type: run.call.agentType, success: run.success });
  const route = takeRoute(ctx, run.id);
  // By the run's end Claude Code has written the calling message, which PreToolUse may not have seen yet.
  const baseline = route && (route.baseline ?? mainModel(ctx.input.transcript_path));
  if (route && baseline && priced && transcript)
    await recordRoutingSaving(
      ctx,
      settings,
      { id: run.id, agentType: run.call.agentType, requests: transcript.requests, model },
      { ...route, baseline },
    );

  if (run.output.trim() === "" || !transcript) return;
  if (!settings.flag("latency", "agent_caching_enabled")) return;
  const { tools, dependencies, outside } = transcript.views();
  await withAgentCache(ctx, settings, (cache) =>
    cache.store({
      ...cacheInput(run.call),
      output: run.output,
      tools,
      dependencies,
      outsideProject: outside,
      success: run.success,
      // What a later hit saves; a run priced only in part would overstate nothing but understate, so it is left out.
      ...(priced &&
        unpriced.length === 0 && {
          run: { costPico: priced.costPico, durationMs: n(run.durationMs), model },
        }),
    }),
  );
}
