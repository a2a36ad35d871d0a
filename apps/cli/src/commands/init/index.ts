import type { Command } from "commander";
import type { CliContext } from "../../context.js";
import type { InitOptions } from "./run.js";

export function registerInit(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  const init = program
    .command("init")
    .description("add the vextrus hooks to .claude/settings.json and create .claude/state/")
    .option(
      "--dry-run",
      "show what init would do (the change to .claude/settings.json, or its refusal); write nothing",
    )
    .option("--uninstall", "remove the hooks init added (and nothing else)")
    .option(
      "--force",
      "write the hooks even though no vextrus-hook was found to run them; with --statusline, replace a status line already set",
    )
    .option(
      "--statusline",
      "set Claude Code's status line to `vextrus statusline` instead (keeps one already set)",
    )
    .action(async () => {
      const opts = init.opts<InitOptions & { statusline?: boolean }>();
      const run = opts.statusline
        ? (await import("./statusline.js")).runInitStatusline
        : (await import("./run.js")).runInit;
      setExit(await run(ctx, opts));
    });
}
