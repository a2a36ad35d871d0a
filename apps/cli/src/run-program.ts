import { isVextrusError } from "@vextrus/errors";
import { type Command, CommanderError } from "commander";
import packageJson from "../package.json" with { type: "json" };
import { type CliContext, CliError, defaultContext } from "./context.js";
import { VextrusCommand } from "./program.js";
import { fileSystemMistake } from "./user-errors.js";

/** Adds a command (and its subcommands) to the program; `setExit` sets the exit code its action ends with. */
export type Register = (program: Command, ctx: CliContext, setExit: (code: number) => void) => void;

/**
 * Runs the program made of `commands` and returns the exit code. One catch turns our errors into one line, anything
 * else into a report request.
 */
export async function runProgram(
  argv: string[],
  commands: readonly Register[],
  ctx: CliContext = defaultContext(),
): Promise<number> {
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
  for (const register of commands) register(program, ctx, setExit);
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
