import type { Command } from "commander";
import type { CliContext } from "../../context.js";
import type { SyncOptions } from "./run.js";

export function registerSync(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  const sync = program
    .command("sync")
    .description(
      "push this machine's Claude Code requests to the team ledger (optimization.team.ledger_url or VEXTRUS_LEDGER)",
    )
    .option("--json", "print JSON")
    .action(async () => setExit(await (await import("./run.js")).runSync(ctx, sync.opts<SyncOptions>())));
}
