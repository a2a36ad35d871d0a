import type { CostGrouping } from "@vextrus/cost";
import { type Command, Option } from "commander";
import type { CliContext } from "../../context.js";
import type { CostOptions } from "./load.js";

// Each action loads its code when it runs, so `--help` and other commands do not pay for it.
const runReport = async (ctx: CliContext, groupBy: CostGrouping, options: CostOptions) =>
  (await import("./report.js")).runReport(ctx, groupBy, options);
const runBudget = async (ctx: CliContext, options: CostOptions) =>
  (await import("./budget.js")).runBudget(ctx, options);

function withCommonOptions(cmd: Command): Command {
  return cmd
    .option("--since <YYYYMMDD>", "first day to include (in --timezone)")
    .option("--until <YYYYMMDD>", "last day to include (in --timezone)")
    .option("--project <name>", "only projects whose folder name contains this text")
    .option("--timezone <zone>", "IANA time zone for day and month boundaries (default: the system's)")
    .option("--json", "print JSON instead of a table")
    .option("--no-store", "do not save what was read to .claude/state (read everything every time)")
    .hook("preAction", async (command) => {
      // Before anything is read: days that exist, and a window that does not end before it starts. The rule and its
      // words are @vextrus/cost's, loaded here rather than at start-up so other commands do not pay for it.
      const { since, until } = command.opts<CostOptions>();
      if (since === undefined && until === undefined) return;
      const { parseDayRange } = await import("@vextrus/cost");
      parseDayRange({ since, until }, { since: "--since", until: "--until" });
    });
}

export function registerCost(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  const cost = program
    .command("cost")
    .description("what Claude Code work cost, from its transcripts (default: daily)")
    .action(async () => setExit(await runReport(ctx, "day", cost.opts<CostOptions>())));
  withCommonOptions(cost).addOption(new Option("--breakdown", "show each model under its row"));
  const reports: Array<[string, CostGrouping, string]> = [
    ["daily", "day", "cost per day"],
    ["monthly", "month", "cost per month"],
    ["session", "session", "cost per session"],
    ["project", "project", "cost per project"],
    ["models", "model", "cost per model"],
    ["agents", "agent", "cost per agent type (main thread and each subagent type)"],
  ];
  for (const [name, groupBy, description] of reports) {
    const sub = cost
      .command(name)
      .description(description)
      .action(async () => setExit(await runReport(ctx, groupBy, sub.opts<CostOptions>())));
    withCommonOptions(sub).addOption(new Option("--breakdown", "show each model under its row"));
  }
  const budget = cost
    .command("budget")
    .description("month-to-date spend against optimization.cost.monthly_budget_usd, projection, alerts")
    .action(async () => setExit(await runBudget(ctx, budget.opts<CostOptions>())));
  withCommonOptions(budget);
}
