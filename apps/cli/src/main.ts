import { VextrusCostError } from "@vextrus/cost";
import { Command, CommanderError } from "commander";
import { registerCost } from "./commands/cost/index.js";
import { type CliContext, CliError, defaultContext } from "./context.js";

const VERSION = "0.1.0";

/** Runs the CLI and returns the exit code. One catch turns our errors into one line, anything else into a report request. */
export async function main(argv: string[], ctx: CliContext = defaultContext()): Promise<number> {
  let exitCode = 0;
  const program = new Command("vextrus")
    .description("Cost visibility and control for multi-agent Claude Code work")
    .version(VERSION)
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: ctx.stdout, writeErr: ctx.stderr });
  registerCost(program, ctx, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof VextrusCostError || error instanceof CliError) {
      ctx.stderr(`vextrus: ${error.message.replace(/^\[vextrus\] \[\w+\] /, "")}\n`);
      return error instanceof CliError ? error.exitCode : 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    ctx.stderr(`vextrus: internal error: ${message}\nPlease report it with the command you ran.\n`);
    return 70;
  }
}
