import type { Command } from "commander";
import type { CliContext } from "../../context.js";

export function registerConfig(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  const config = program.command("config").description("the optimization settings in .claude/settings*.json");
  const show = config
    .command("show")
    .description("the effective settings: defaults, then settings.json, then settings.local.json")
    .option("--json", "print JSON")
    .action(async () =>
      setExit(await (await import("./run.js")).runConfigShow(ctx, show.opts<{ json?: boolean }>())),
    );
  config
    .command("validate")
    .description("check the optimization block of both settings files")
    .action(async () => setExit(await (await import("./run.js")).runConfigValidate(ctx)));
}

export function registerRollback(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  const rollback = program
    .command("rollback")
    .description("turn a feature off in .claude/settings.local.json (the old behaviour returns)")
    .argument("[feature]", "the feature to turn off")
    .option("--list", "each feature, whether it is on, and which file says so")
    .option("--undo <feature>", "turn the feature back on")
    .action(async (feature: string | undefined) =>
      setExit(
        await (await import("./run.js")).runRollback(
          ctx,
          feature,
          rollback.opts<{ list?: boolean; undo?: string }>(),
        ),
      ),
    );
}
