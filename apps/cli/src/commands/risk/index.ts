import type { Command } from "commander";
import type { CliContext } from "../../context.js";
import type { RiskOptions } from "./run.js";

export function registerRisk(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  const risk = program
    .command("risk")
    .description("risk score (0-100) of your changes, its reasons, and the quality gates it calls for")
    .option("--base <ref>", "changes since the merge-base with REF (default: the default branch)")
    .option("--staged", "only what is staged")
    .option("--production", "the change affects production")
    .option("--breaking", "the change breaks an interface")
    .option("--json", "print JSON instead of a table")
    .action(async () => setExit(await (await import("./run.js")).runRisk(ctx, risk.opts<RiskOptions>())));
}
