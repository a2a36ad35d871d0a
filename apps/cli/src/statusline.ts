import { fstatSync, readSync } from "node:fs";
import { runStatusline } from "./commands/statusline/run.js";
import { type CliContext, processContext, writeAll } from "./context.js";

/**
 * All of stdin as text; nothing when it is a terminal (someone trying the command by hand). Read with `readSync`:
 * `process.stdin` loads Node's streams (~10 ms, docs/node-startup.md) for one small JSON. A stdin another process
 * made non-blocking answers EAGAIN; the rest is then read the stream's way, which waits for it.
 */
export async function readStdin(): Promise<string> {
  if (fstatSync(0).isCharacterDevice()) return "";
  const chunks: Buffer[] = [];
  const buffer = Buffer.allocUnsafe(64 * 1024);
  for (;;) {
    let n: number;
    try {
      n = readSync(0, buffer, 0, buffer.length, null);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      break;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buffer.subarray(0, n)));
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * `vextrus statusline` without commander or any other command: Claude Code runs it after every assistant message,
 * so its start-up is paid all session long (docs/node-startup.md). Anything unexpected still ends in a line and
 * exit 0.
 */
export async function statusline(): Promise<number> {
  const ctx: CliContext = {
    ...processContext(),
    // Claude Code reading no more is its choice: the line is lost, the exit code stays 0.
    stdout: (text) => writeAll(1, text, () => {}),
    stderr: (text) => writeAll(2, text, () => {}),
    // The line decides its colours from NO_COLOR and FORCE_COLOR: Claude Code shows it, not a terminal.
    color: false,
  };
  try {
    return await runStatusline(ctx, await readStdin());
  } catch (error) {
    ctx.stdout("\n");
    ctx.stderr(`vextrus statusline: ${error instanceof Error ? error.message : String(error)}\n`);
    return 0;
  }
}
