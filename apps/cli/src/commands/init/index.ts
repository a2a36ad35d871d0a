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
    .option("--force", "write the hooks even though no vextrus-hook was found to run them")
    .action(async () => setExit(await (await import("./run.js")).runInit(ctx, init.opts<InitOptions>())));
}
