import { homedir } from "node:os";
import { handleHook } from "./handle.js";

async function readStdin(): Promise<Buffer> {
  // Started by hand at a terminal there is no JSON coming: say so instead of waiting forever.
  if (process.stdin.isTTY) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The `vextrus-hook <Event>` process: stdin to stdout, exit code 0 whatever happens. */
export async function runHookProcess(event: string | undefined): Promise<void> {
  let stdout = "";
  let stderr = "";
  try {
    const result = await handleHook(event, await readStdin(), {
      env: process.env,
      home: homedir(),
      now: () => new Date(),
    });
    stdout = result.stdout;
    stderr = result.stderr;
  } catch (error) {
    stderr = `vextrus-hook: ${String((error as Error)?.message ?? error).slice(0, 300)}\n`;
  }
  if (stderr) process.stderr.write(stderr);
  // Exit as soon as stdout is flushed: a store client left open (Redis) must not hold the session's hook slot.
  process.stdout.write(stdout, () => process.exit(0));
}
