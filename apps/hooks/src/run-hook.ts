import { join } from "node:path";
import { loadBundle } from "@vextrus/code-cache";

interface HookBundle {
  runHookProcess(event: string | undefined, stdin: Buffer, wantDaemon: boolean): Promise<void>;
}

/**
 * Handles one event from `dist/hook.cjs`, run with a code cache made after the run, one per event (each event
 * calls its own functions; README.md, "Speed"). The event ends the process, so the cache is written on exit, after
 * the answer.
 */
export async function runHook(event: string | undefined, stdin: Buffer, wantDaemon: boolean): Promise<void> {
  const loaded = loadBundle<HookBundle>(join(__dirname, "hook.cjs"), { variant: cacheVariant(event) });
  process.once("exit", () => loaded.save());
  await loaded.exports.runHookProcess(event, stdin, wantDaemon);
}

/**
 * The event's own cache for a name as Claude Code spells its events (`PostToolUse`); one shared cache for anything
 * else, so a mistyped or made-up event name in a settings file cannot leave a file per name.
 */
function cacheVariant(event: string | undefined): string {
  return event !== undefined && /^[A-Z][A-Za-z]{1,39}$/.test(event) ? event : "other";
}
