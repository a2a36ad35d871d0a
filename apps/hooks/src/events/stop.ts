import { ingestUsage } from "../ingest.js";
import type { EventHandler } from "../output.js";
import { dropPendingAgents } from "../pending.js";
import { finishTurn } from "../task-log.js";

/**
 * Stop (a turn ended) and SessionEnd: the turn becomes a finished task, and the new usage is ingested; at
 * SessionEnd the session's background agents that never reported are forgotten.
 */
export const stop: EventHandler = async (ctx) => {
  finishTurn(ctx);
  if (ctx.event === "SessionEnd") dropPendingAgents(ctx);
  await ingestUsage(ctx);
  return undefined;
};
