import { ingestUsage } from "../ingest.js";
import type { EventHandler } from "../output.js";
import { finishTurn } from "../task-log.js";

/** Stop (a turn ended) and SessionEnd: the turn becomes a finished task, and the new usage is ingested. */
export const stop: EventHandler = async (ctx) => {
  finishTurn(ctx);
  await ingestUsage(ctx);
  return undefined;
};
