import { Argument, type Command, Option } from "commander";
import type { CliContext } from "../../context.js";
import { outputFile, wholeNumber } from "../../option-values.js";
import type { PeriodOptions } from "./data.js";

export function registerInsights(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  const dashboard = program
    .command("dashboard")
    .description("cost, budget, agents, latency, cache and gates at a glance (80 columns)")
    .addOption(
      new Option("--days <n>", "the last N days, up to today or --until")
        .argParser(wholeNumber(1, 3650))
        .default(30),
    )
    .option("--since <YYYYMMDD>", "first day to include (in --timezone)")
    .option("--until <YYYYMMDD>", "last day to include (in --timezone; default today)")
    .option("--timezone <zone>", "IANA time zone for day boundaries (default: the system's)")
    .option("--json", "the same data as JSON")
    .option(
      "--team",
      "cost, budget, agent runs and savings from the team ledger (every machine that synced); the rest stays local",
    )
    .action(async () =>
      setExit(
        await (await import("./dashboard.js")).runDashboard(
          ctx,
          dashboard.opts<{ json?: boolean; days: number; team?: boolean } & PeriodOptions>(),
        ),
      ),
    );
  const report = program
    .command("report")
    .description("a weekly or monthly report: Markdown, one self-contained HTML file with charts, or JSON")
    .addArgument(new Argument("<period>", "weekly or monthly").choices(["weekly", "monthly"]))
    .addOption(
      new Option("--format <format>", "md, html or json").choices(["md", "html", "json"]).default("md"),
    )
    .addOption(new Option("--out <file>", "write to FILE instead of stdout").argParser(outputFile(ctx.cwd)))
    .option("--month <YYYY-MM>", "monthly: that calendar month (default: the current one)")
    .option("--week <YYYY-Www>", "weekly: that ISO week, Monday to Sunday (default: the current one)")
    .option("--since <YYYYMMDD>", "first day to include instead (in --timezone)")
    .option("--until <YYYYMMDD>", "last day to include instead (in --timezone; default today)")
    .option("--timezone <zone>", "IANA time zone for day, week and month boundaries (default: the system's)")
    .option(
      "--team",
      "cost, agent runs and savings from the team ledger (every machine that synced); the rest stays local",
    )
    .action(async (period: string) =>
      setExit(
        await (await import("./report.js")).runReport(
          ctx,
          period,
          report.opts<{ format?: string; out?: string; team?: boolean } & PeriodOptions>(),
        ),
      ),
    );
  const metrics = program
    .command("metrics")
    .description("per-agent invocations, success and correction rates, time, cost and trend (last 30 days)")
    .argument("[agent]", "one agent type")
    .option("--json", "print JSON")
    .action(async (agent: string | undefined) =>
      setExit(
        await (await import("./metrics.js")).runMetrics(ctx, agent, metrics.opts<{ json?: boolean }>()),
      ),
    );

  const savings = program
    .command("savings")
    .description("what the agent cache and model routing saved, exactly (default: this month)")
    .option("--since <YYYYMMDD>", "first day to include (in --timezone)")
    .option("--until <YYYYMMDD>", "last day to include (in --timezone; default today)")
    .option("--timezone <zone>", "IANA time zone for day boundaries (default: the system's)")
    .option("--json", "the figures as JSON (exact pico-dollars as strings)")
    .action(async () =>
      setExit(
        await (await import("../savings/run.js")).runSavings(
          ctx,
          savings.opts<{ json?: boolean; since?: string; until?: string; timezone?: string }>(),
        ),
      ),
    );
}
