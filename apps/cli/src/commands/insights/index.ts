import { Argument, type Command, Option } from "commander";
import type { CliContext } from "../../context.js";
import { outputFile, wholeNumber } from "../../option-values.js";

export function registerInsights(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  const dashboard = program
    .command("dashboard")
    .description("cost, budget, agents, latency, cache and gates at a glance (80 columns)")
    .addOption(new Option("--days <n>", "window in days").argParser(wholeNumber(1, 3650)).default(30))
    .option("--json", "the same data as JSON")
    .action(async () =>
      setExit(
        await (await import("./dashboard.js")).runDashboard(
          ctx,
          dashboard.opts<{ json?: boolean; days: number }>(),
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
    .action(async (period: string) =>
      setExit(
        await (await import("./report.js")).runReport(
          ctx,
          period,
          report.opts<{ format?: string; out?: string }>(),
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
}
