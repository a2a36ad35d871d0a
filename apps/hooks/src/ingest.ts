import { resolve } from "node:path";
import type { HookContext } from "./context.js";
import { withLedger } from "./ledger.js";

/**
 * Brings the user's cost ledger up to date with the transcripts: only bytes written since the last ingest are
 * read (the store keeps each file's offset), so a turn's end costs about what the turn wrote.
 */
export async function ingestUsage(ctx: HookContext): Promise<void> {
  const { claudeProjectDirs, ingestClaudeTranscripts, withSessionProjects } = await import(
    "@vextrus/cost/node"
  );
  const dirs = withSessionProjects(
    claudeProjectDirs(ctx.env, ctx.home).map((d) => resolve(d)),
    ctx.input.transcript_path,
  );
  if (dirs.length === 0) return;
  const result = await withLedger(ctx, (store) => ingestClaudeTranscripts({ projectDirs: dirs, store }));
  if (result.malformedLines > 0) ctx.note(`skipped ${result.malformedLines} malformed transcript line(s)`);
}
