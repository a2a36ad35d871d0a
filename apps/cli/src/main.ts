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
import type { CliContext } from "./context.js";
import { runProgram } from "./run-program.js";

/** Every command, in the order `vextrus --help` lists them. */
const COMMANDS = [
  registerCost,
  registerRisk,
  registerComplexity,
  registerCache,
  registerGates,
  registerPatterns,
  registerInsights,
  registerWhatif,
  registerSync,
  registerStatusline,
  registerInit,
  registerConfig,
  registerRollback,
];

/** Runs the CLI and returns the exit code. */
export function main(argv: string[], ctx?: CliContext): Promise<number> {
  return runProgram(argv, COMMANDS, ctx);
}
