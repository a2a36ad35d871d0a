import { registerCost } from "./commands/cost/index.js";
import type { CliContext } from "./context.js";
import { runProgram } from "./run-program.js";

/**
 * `vextrus cost …` with only the cost commands registered, built as one file: the report people (and hooks) run
 * most reads one module instead of resolving two dozen chunks (docs/node-startup.md). Its answers are the full
 * CLI's (test/cost-entry.test.ts).
 */
export function main(argv: string[], ctx?: CliContext): Promise<number> {
  return runProgram(argv, [registerCost], ctx);
}
