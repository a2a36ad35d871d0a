import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { STATE_FILES } from "@vextrus/config";
import type { HookContext } from "./context.js";
import type { AgentToolInput } from "./input.js";

/** A background agent's call, kept from its PostToolUse (`async_launched`) until its SubagentStop. */
export interface PendingAgent {
  input: AgentToolInput;
  toolUseId: string;
  startedAt: number;
  sessionId: string;
}

/** A background agent that never reported is forgotten after this long, whichever session it was in. */
const PENDING_MAX_AGE_MS = 7 * 24 * 3600 * 1000;

/**
 * At SessionEnd: a session's background agents end with it, so their pending calls go (with any left over from
 * sessions that ended without a SessionEnd, once they are a week old).
 */
export function dropPendingAgents(ctx: HookContext): void {
  // Routed calls are kept the same way (`startedAt`, `sessionId`) and end the same way.
  for (const folder of [STATE_FILES.pendingAgents, STATE_FILES.routedCalls])
    dropStale(ctx, join(ctx.stateDir, folder));
}

function dropStale(ctx: HookContext, dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(".json"));
  } catch {
    return;
  }
  const now = ctx.now().getTime();
  for (const name of names) {
    const path = join(dir, name);
    try {
      const pending = JSON.parse(readFileSync(path, "utf8")) as Partial<PendingAgent>;
      const stale = typeof pending.startedAt !== "number" || now - pending.startedAt > PENDING_MAX_AGE_MS;
      if (stale || pending.sessionId === ctx.input.session_id) rmSync(path, { force: true });
    } catch {
      rmSync(path, { force: true }); // unreadable: of no use to any SubagentStop
    }
  }
}

export function pendingAgentPath(ctx: HookContext, agentId: string): string | undefined {
  return /^[\w-]{1,128}$/.test(agentId)
    ? join(ctx.stateDir, STATE_FILES.pendingAgents, `${agentId}.json`)
    : undefined;
}
