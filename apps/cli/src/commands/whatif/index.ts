import type { Command } from "commander";
import type { CliContext } from "../../context.js";

export function registerWhatif(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  const whatif = program
    .command("whatif")
    .description(
      "replay your subagent runs under the current routing and cache policy: what they would have cost",
    )
    .option("--since <YYYYMMDD>", "first day to include (in --timezone; default: 30 days before --until)")
    .option("--until <YYYYMMDD>", "last day to include (in --timezone; default today)")
    .option("--timezone <zone>", "IANA time zone for day boundaries (default: the system's)")
    .option("--json", "the figures as JSON (exact pico-dollars as strings)")
    .action(async () =>
      setExit(
        await (await import("./run.js")).runWhatif(
          ctx,
          whatif.opts<{ json?: boolean; since?: string; until?: string; timezone?: string }>(),
        ),
      ),
    );
}
