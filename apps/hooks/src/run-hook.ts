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
  const loaded = loadBundle<HookBundle>(join(__dirname, "hook.cjs"), { variant: event ?? "none" });
  process.once("exit", () => loaded.save());
  await loaded.exports.runHookProcess(event, stdin, wantDaemon);
}
