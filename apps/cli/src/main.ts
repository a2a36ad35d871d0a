import { isVextrusError } from "@vextrus/errors";
import { CommanderError } from "commander";
import packageJson from "../package.json" with { type: "json" };
import { registerCache } from "./commands/cache/index.js";
import { registerComplexity } from "./commands/complexity/index.js";
import { registerConfig, registerRollback } from "./commands/config/index.js";
import { registerCost } from "./commands/cost/index.js";
import { registerGates } from "./commands/gates/index.js";
import { registerInit } from "./commands/init/index.js";
import { registerInsights } from "./commands/insights/index.js";
import { registerPatterns } from "./commands/patterns/index.js";
import { registerRisk } from "./commands/risk/index.js";
import { registerStatusline } from "./commands/statusline/index.js";
import { registerSync } from "./commands/sync/index.js";
import { registerWhatif } from "./commands/whatif/index.js";
import { type CliContext, CliError, defaultContext } from "./context.js";
import { VextrusCommand } from "./program.js";
import { fileSystemMistake } from "./user-errors.js";

/** Runs the CLI and returns the exit code. One catch turns our errors into one line, anything else into a report request. */
export async function main(argv: string[], ctx: CliContext = defaultContext()): Promise<number> {
  let exitCode = 0;
  const program = new VextrusCommand("vextrus")
    .description("Cost visibility and control for multi-agent Claude Code work")
    // Bundled from package.json at build time, so it is always the version that was published.
    .version(packageJson.version)
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: ctx.stdout, writeErr: ctx.stderr });
  const setExit = (code: number) => {
    exitCode = code;
  };
  registerCost(program, ctx, setExit);
  registerRisk(program, ctx, setExit);
  registerComplexity(program, ctx, setExit);
  registerCache(program, ctx, setExit);
  registerGates(program, ctx, setExit);
  registerPatterns(program, ctx, setExit);
  registerInsights(program, ctx, setExit);
  registerWhatif(program, ctx, setExit);
  registerSync(program, ctx, setExit);
  registerStatusline(program, ctx, setExit);
  registerInit(program, ctx, setExit);
  registerConfig(program, ctx, setExit);
  registerRollback(program, ctx, setExit);
  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof CliError) {
      ctx.stderr(`vextrus: ${error.message}\n`);
      return error.exitCode;
    }
    // Every library's typed errors (VextrusCostError, VextrusRiskError, …) carry a code and a message made for users.
    if (isVextrusError(error)) {
      ctx.stderr(`vextrus: ${error.detail}\n`);
      return 1;
    }
    // A file or folder the person named (or the environment points at) that cannot be used: their fix, not a bug.
    const mistake = fileSystemMistake(error);
    if (mistake !== undefined) {
      ctx.stderr(`vextrus: ${mistake}\n`);
      return 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    ctx.stderr(`vextrus: internal error: ${message}\nPlease report it with the command you ran.\n`);
    return 70;
  }
}
