import type { CostGrouping } from "@vextrus/cost";
import { type Command, Option } from "commander";
import type { CliContext } from "../../context.js";
import type { BlocksOptions } from "./blocks.js";
import type { ReportOptions } from "./report.js";
import { wantsTeam, withTeamOptions } from "./team-options.js";

// Each action loads its code when it runs, so `--help` and other commands do not pay for it.
const runReport = async (ctx: CliContext, groupBy: CostGrouping, options: ReportOptions) =>
  wantsTeam(options)
    ? (await import("./team.js")).runTeamReport(ctx, groupBy, options)
    : (await import("./report.js")).runReport(ctx, groupBy, options);
const runBudget = async (ctx: CliContext, options: ReportOptions) =>
  wantsTeam(options)
    ? (await import("./team.js")).runTeamBudget(ctx, options)
    : (await import("./budget.js")).runBudget(ctx, options);
const runBlocks = async (ctx: CliContext, options: BlocksOptions) =>
  (await import("./blocks.js")).runBlocks(ctx, options);

/** The options every cost command takes, with the short forms ccusage users type (-s -u -z -p -j). */
function withCommonOptions(cmd: Command): Command {
  return withTeamOptions(cmd)
    .option("-s, --since <YYYYMMDD>", "first day to include (in --timezone)")
    .option("-u, --until <YYYYMMDD>", "last day to include (in --timezone)")
    .option("-p, --project <name>", "only projects whose folder name contains this text")
    .option("-z, --timezone <zone>", "IANA time zone for day and month boundaries (default: the system's)")
    .option("-j, --json", "print JSON instead of a table")
    .option("--no-store", "do not keep what was read in the user's ledger (read everything every time)")
    .hook("preAction", async (command) => {
      // Before anything is read: days that exist, and a window that does not end before it starts. The rule and its
      // words are @vextrus/cost's, loaded here rather than at start-up so other commands do not pay for it.
      const { since, until } = command.opts<ReportOptions>();
      if (since === undefined && until === undefined) return;
      const { parseDayRange } = await import("@vextrus/cost");
      parseDayRange({ since, until }, { since: "--since", until: "--until" });
    });
}

/** The options of the tables (daily, weekly, monthly, session, project, models, agents). */
function withTableOptions(cmd: Command): Command {
  return withCommonOptions(cmd)
    .option("-b, --breakdown", "show each model under its row")
    .option("--compact", "fewer columns (input, output, cost), for a narrow terminal")
    .addOption(
      new Option(
        "--order <order>",
        "asc: oldest first, desc: newest first (sessions by last activity; projects, models, agents by cost)",
      ).choices(["asc", "desc"]),
    );
}

export function registerCost(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  const cost = program
    .command("cost")
    .description("what Claude Code work cost, from its transcripts (default: daily)")
    .action(async () => setExit(await runReport(ctx, "day", cost.opts<ReportOptions>())));
  withTableOptions(cost);

  const reports: Array<[string, CostGrouping, string, (c: Command) => Command]> = [
    ["daily", "day", "cost per day", (c) => c.option("--instances", "one table per project")],
    [
      "weekly",
      "week",
      "cost per week",
      (c) =>
        c.option("--start-of-week <day>", "the day a week starts on (sunday … saturday; default sunday)"),
    ],
    ["monthly", "month", "cost per month", (c) => c],
    [
      "session",
      "session",
      "cost per session, with Claude Code's own figure where its status line reported one",
      (c) => c.option("--id <session>", "only this session (its id or the id's first characters)"),
    ],
    ["project", "project", "cost per project", (c) => c],
    ["models", "model", "cost per model", (c) => c],
    ["agents", "agent", "cost per agent type (main thread and each subagent type)", (c) => c],
  ];
  for (const [name, groupBy, description, extra] of reports) {
    const sub = cost
      .command(name)
      .description(description)
      .action(async () => setExit(await runReport(ctx, groupBy, sub.opts<ReportOptions>())));
    extra(withTableOptions(sub));
  }

  const blocks = cost
    .command("blocks")
    .description(
      "usage in 5-hour windows as Claude's plans count them: the active one, burn rate, projection",
    )
    .action(async () => setExit(await runBlocks(ctx, blocks.opts<BlocksOptions>())));
  withCommonOptions(blocks)
    .option("-a, --active", "only the active block, with its burn rate and projection")
    .option("-r, --recent", "only blocks started in the last 3 days (and the active one)")
    .option(
      "-t, --token-limit <tokens>",
      'tokens a block may use, for the share used and projected ("max": the largest block so far)',
    )
    .addOption(
      new Option("--order <order>", "asc: oldest first, desc: newest first").choices(["asc", "desc"]),
    );

  const budget = cost
    .command("budget")
    .description("month-to-date spend against optimization.cost.monthly_budget_usd, projection, alerts")
    .action(async () => setExit(await runBudget(ctx, budget.opts<ReportOptions>())));
  withCommonOptions(budget);
}
