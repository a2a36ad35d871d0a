import { closeSync, openSync, readFileSync, readSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { STATE_FILES } from "@vextrus/config";
import type { UsageRecord } from "@vextrus/cost";
import type { SavingRecord } from "@vextrus/metrics";
import type { HookContext } from "./context.js";
import type { HookSettings } from "./settings.js";
import { writeJsonAtomic } from "./write-json.js";

// What the hooks saved, recorded as it happens: a cache hit the run it avoided, a routed run the price difference
// to the model it would otherwise have used. Records go to the project's metrics database, beside the runs.

/** Adds one saving; a rare event (a hit, a routed run), so its store is opened for it and closed. */
export async function recordSaving(ctx: HookContext, record: Omit<SavingRecord, "sessionId" | "timestamp">) {
  const { openSqliteSavingsStore } = await import("@vextrus/metrics/node");
  const store = openSqliteSavingsStore(join(ctx.stateDir, STATE_FILES.metrics));
  try {
    store.addSavings([
      { ...record, sessionId: ctx.input.session_id ?? "", timestamp: ctx.now().toISOString() },
    ]);
  } finally {
    store.close();
  }
}

/** A model the PreToolUse hook chose for an `Agent` call, kept until the run ends. */
export interface RoutedCall {
  /** What the hook set as the call's `model` (a tier's model: `haiku`, `sonnet`). */
  model: string;
  /**
   * What the run would otherwise have used: the session's main model, when the transcript already showed it. Claude
   * Code may not have written the calling message yet when PreToolUse reads it: the run's end then looks again.
   */
  baseline?: string;
  startedAt: number;
  sessionId: string;
}

function routedPath(ctx: HookContext, toolUseId: string | undefined): string | undefined {
  return toolUseId && /^[\w-]{1,128}$/.test(toolUseId)
    ? join(ctx.stateDir, STATE_FILES.routedCalls, `${toolUseId}.json`)
    : undefined;
}

export function rememberRoute(ctx: HookContext, toolUseId: string | undefined, route: RoutedCall): void {
  const path = routedPath(ctx, toolUseId);
  if (path) writeJsonAtomic(path, route);
}

/** The route of a call, once: the file goes whether or not it was readable. */
export function takeRoute(ctx: HookContext, toolUseId: string): RoutedCall | undefined {
  const path = routedPath(ctx, toolUseId);
  if (!path) return undefined;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return undefined; // the hooks did not choose this call's model
  }
  rmSync(path, { force: true });
  try {
    const route = JSON.parse(text) as Partial<RoutedCall>;
    return typeof route.model === "string" &&
      (route.baseline === undefined || typeof route.baseline === "string")
      ? (route as RoutedCall)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The tail of a transcript read for the main model: the Agent call's own message is among its last lines. */
const TAIL_BYTES = 256 * 1024;

/**
 * The session's main model: that of the main thread's last assistant message in its transcript (subagent
 * messages, written there as progress, are `isSidechain` or nested and are skipped). Undefined when none is seen.
 */
export function mainModel(transcript: string | undefined): string | undefined {
  if (!transcript) return undefined;
  let text: string;
  try {
    const st = statSync(transcript);
    if (!st.isFile()) return undefined;
    const length = Math.min(st.size, TAIL_BYTES);
    const buf = Buffer.alloc(length);
    const fd = openSync(transcript, "r");
    try {
      readSync(fd, buf, 0, length, st.size - length);
    } finally {
      closeSync(fd);
    }
    text = buf.toString("utf8");
  } catch {
    return undefined;
  }
  const lines = text.split("\n");
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] ?? "";
    if (!line.startsWith("{") || !line.includes('"assistant"')) continue;
    try {
      const record = JSON.parse(line) as {
        type?: string;
        isSidechain?: boolean;
        message?: { model?: unknown };
      };
      const model = record.message?.model;
      if (
        record.type === "assistant" &&
        record.isSidechain !== true &&
        typeof model === "string" &&
        model !== "<synthetic>"
      )
        return model;
    } catch {
      // the first line of the tail may be cut
    }
  }
  return undefined;
}

/**
 * A finished run whose model the hooks chose: its requests at their exact price against the same requests at the
 * baseline model (cost's rule), recorded as a routing saving. Nothing when a price is missing.
 */
export async function recordRoutingSaving(
  ctx: HookContext,
  settings: HookSettings,
  run: { id: string; agentType: string; requests: readonly UsageRecord[]; model: string },
  route: RoutedCall & { baseline: string },
): Promise<void> {
  const [{ repriceRequests }, book] = await Promise.all([import("@vextrus/cost"), settings.priceBook()]);
  const priced = repriceRequests(run.requests, book, route.baseline);
  if (!priced) {
    ctx.note(`no price for "${route.baseline}" or a model of this run: its routing saving is not counted`);
    return;
  }
  await recordSaving(ctx, {
    id: run.id,
    kind: "routing",
    agentType: run.agentType,
    savedPico: priced.savedPico,
    savedMs: 0,
    model: run.model,
    baselineModel: route.baseline,
  });
}
