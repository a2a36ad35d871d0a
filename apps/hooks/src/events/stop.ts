import { ingestUsage } from "../ingest.js";
import type { EventHandler } from "../output.js";
import { dropPendingAgents } from "../pending.js";
import { finishTurn } from "../task-log.js";
import { queueTeamPush } from "../team-push.js";

/**
 * Stop (a turn ended) and SessionEnd: the turn becomes a finished task, and the new usage is ingested; at
 * SessionEnd the session's background agents that never reported are forgotten, and the push to the team ledger
 * is queued (optimization.team.sync_on "session_end"), in a process of its own that the session does not wait for.
 */
export const stop: EventHandler = async (ctx) => {
  finishTurn(ctx);
  if (ctx.event === "SessionEnd") dropPendingAgents(ctx);
  await ingestUsage(ctx);
  if (ctx.event === "SessionEnd") await queueTeamPush(ctx);
  return undefined;
};
