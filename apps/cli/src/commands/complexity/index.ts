import { type Command, Option } from "commander";
import type { CliContext } from "../../context.js";
import { wholeNumber } from "../../option-values.js";
import type { ComplexityOptions } from "./run.js";

export function registerComplexity(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  const complexity = program
    .command("complexity")
    .description("complexity score (0-100) of a task, its reasons, and the model it calls for")
    .argument("<description>", "the task, in words")
    .option("--files <paths...>", "files the task touches (default: what git shows changed)")
    .addOption(new Option("--lines <n>", "lines changed").argParser(wholeNumber(0)))
    .addOption(new Option("--new-functions <n>", "new functions").argParser(wholeNumber(0)))
    .option("--production", "the task affects production")
    .option("--breaking", "the task is a breaking change")
    .option("--base <ref>", "take files from the changes since REF instead of uncommitted ones")
    .option("--staged", "take files from what is staged")
    .option("--no-git", "score the description (and --files) only")
    .option("--json", "print JSON instead of a table")
    .action(async (description: string) =>
      setExit(
        await (await import("./run.js")).runComplexity(
          ctx,
          description,
          complexity.opts<ComplexityOptions>(),
        ),
      ),
    );
}
