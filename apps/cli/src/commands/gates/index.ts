import { type Command, Option } from "commander";
import type { CliContext } from "../../context.js";
import type { GatesOptions } from "./run.js";

// Loaded when a question is asked: readline brings Node's streams and console, which every other command would pay for.
async function ask(question: string): Promise<string> {
  const { createInterface } = await import("node:readline/promises");
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

export function registerGates(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  const gates = program
    .command("gates")
    .description("run the quality gates your change's risk calls for, in parallel")
    .option("--base <ref>", "changes since the merge-base with REF (default: the default branch)")
    .option("--staged", "only what is staged")
    .addOption(
      new Option(
        "--level <level>",
        "auto (from the risk score), minimal, standard, thorough or comprehensive",
      )
        .choices(["auto", "minimal", "standard", "thorough", "comprehensive"])
        .default("auto"),
    )
    .option("--full", "every gate (same as --level comprehensive)")
    .option("--yes", "do not ask before running")
    .option("--fail-fast", "stop at the first failing gate")
    .option("--allow-skipped", "exit 0 even when a required gate did not run (else: exit 3, incomplete)")
    .option("--json", "print JSON (never asks)")
    .action(async () =>
      setExit(
        await (await import("./run.js")).runGatesCommand(ctx, {
          ...gates.opts<GatesOptions>(),
          isTTY: process.stdin.isTTY === true && process.stdout.isTTY === true,
          ask,
        }),
      ),
    );
}
