import type { Command } from "commander";
import type { CliContext } from "../../context.js";
import type { CacheAction } from "./run.js";

export function registerCache(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  const cache = program.command("cache").description("the agent-output cache: statistics and housekeeping");
  const actions: Array<[CacheAction, string]> = [
    ["stats", "entries, bytes, hit rate overall and per agent type"],
    ["prune", "drop entries that would not be served (expired, invalidated, a file changed)"],
    ["clear", "drop every entry and reset the statistics"],
  ];
  for (const [action, description] of actions) {
    const sub = cache
      .command(action)
      .description(description)
      .option("--json", "print JSON")
      .action(async () =>
        setExit(await (await import("./run.js")).runCache(ctx, action, sub.opts<{ json?: boolean }>())),
      );
  }
}
