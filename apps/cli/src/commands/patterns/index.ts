import { type Command, Option } from "commander";
import type { CliContext } from "../../context.js";
import { inputFile } from "../../option-values.js";
import type { PatternsOptions } from "./run.js";

export function registerPatterns(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  const patterns = program
    .command("patterns")
    .description("what worked before: agents, gates and time for a new task");
  const recommend = patterns
    .command("recommend")
    .description("recommend an approach from similar finished tasks, and say why")
    .argument("<description>", "the new task, in words")
    .option("--files <paths...>", "files the task will touch")
    .addOption(
      new Option(
        "--history <file>",
        "finished tasks (JSON or JSON Lines; default .claude/state/tasks.jsonl)",
      ).argParser(inputFile(ctx.cwd)),
    )
    .option("--json", "print JSON")
    .action(async (description: string) =>
      setExit(
        await (await import("./run.js")).runPatternsRecommend(
          ctx,
          description,
          recommend.opts<PatternsOptions>(),
        ),
      ),
    );
}
