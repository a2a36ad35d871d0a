import { runStatusline } from "./commands/statusline/run.js";
import { defaultContext } from "./context.js";

/** All of stdin as text; nothing when it is a terminal (someone trying the command by hand). */
export async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return "";
  let text = "";
  process.stdin.setEncoding("utf8");
  for await (const chunk of process.stdin) text += chunk;
  return text;
}

/**
 * `vextrus statusline` without commander or any other command: Claude Code runs it after every assistant message,
 * so its start-up is paid all session long (docs/node-startup.md). Anything unexpected still ends in a line and
 * exit 0.
 */
export async function statusline(): Promise<number> {
  const ctx = defaultContext();
  try {
    return await runStatusline(ctx, await readStdin());
  } catch (error) {
    ctx.stdout("\n");
    ctx.stderr(`vextrus statusline: ${error instanceof Error ? error.message : String(error)}\n`);
    return 0;
  }
}
