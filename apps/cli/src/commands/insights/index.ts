import type { Command } from "commander";
import type { CliContext } from "../../context.js";

export function registerInsights(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  const dashboard = program
    .command("dashboard")
    .description("cost, budget, agents, latency, cache and gates at a glance (80 columns)")
    .option("--days <n>", "window in days", "30")
    .option("--json", "the same data as JSON")
    .action(async () =>
      setExit(
        await (await import("./dashboard.js")).runDashboard(
          ctx,
          dashboard.opts<{ json?: boolean; days?: string }>(),
        ),
      ),
    );
  const report = program
    .command("report")
    .description("a weekly or monthly report: Markdown, one self-contained HTML file with charts, or JSON")
    .argument("<period>", "weekly or monthly")
    .option("--format <format>", "md, html or json", "md")
    .option("--out <file>", "write to FILE instead of stdout")
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
