import { join } from "node:path";
import type { HookContext } from "./context.js";
import type { AgentToolInput } from "./input.js";

/** A background agent's call, kept from its PostToolUse (`async_launched`) until its SubagentStop. */
export interface PendingAgent {
  input: AgentToolInput;
  toolUseId: string;
  startedAt: number;
}

export function pendingAgentPath(ctx: HookContext, agentId: string): string | undefined {
  return /^[\w-]{1,128}$/.test(agentId) ? join(ctx.stateDir, "agents", `${agentId}.json`) : undefined;
}
