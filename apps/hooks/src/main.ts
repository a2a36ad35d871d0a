import { homedir } from "node:os";
import { writeAll } from "./daemon/client.js";
import { startDaemon } from "./daemon/start.js";
import { handleHook } from "./handle.js";

/**
 * The `vextrus-hook <Event>` process handling the event itself: stdin to stdout, exit code 0 whatever happens.
 * With `wantDaemon`, it then starts the daemon that handles the next events.
 */
export async function runHookProcess(
  event: string | undefined,
  stdin: Buffer,
  wantDaemon = false,
): Promise<void> {
  let stdout = "";
  let stderr = "";
  try {
    const result = await handleHook(event, stdin, {
      env: process.env,
      home: homedir(),
      now: () => new Date(),
    });
    stdout = result.stdout;
    stderr = result.stderr;
  } catch (error) {
    stderr = `vextrus-hook: ${String((error as Error)?.message ?? error).slice(0, 300)}\n`;
  }
  if (stderr) writeAll(2, stderr);
  if (stdout) writeAll(1, stdout);
  if (wantDaemon) await startDaemon();
  // Exit now: a store client left open (Redis) must not hold the session's hook slot.
  process.exit(0);
}
