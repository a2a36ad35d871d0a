import type { Command } from "commander";
import type { CliContext } from "../../context.js";

/**
 * Listed for `vextrus --help`; Claude Code's calls take the short way (bin/vextrus.js loads only
 * dist/statusline.cjs), so this path serves `vextrus statusline --help` and a person trying it by hand.
 */
export function registerStatusline(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  program
    .command("statusline")
    .description(
      "one line for Claude Code's status bar from the JSON it sends on stdin (install: vextrus init --statusline)",
    )
    .action(async () => {
      const { readStdin } = await import("../../statusline.js");
      const { runStatusline } = await import("./run.js");
      setExit(await runStatusline(ctx, await readStdin()));
    });
}
