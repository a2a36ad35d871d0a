import { formatUsd } from "@vextrus/cost";
import { createMemoryMetricsStore, type MetricsStore, summarizeAgents } from "@vextrus/metrics";
import { openSqliteMetricsStore } from "@vextrus/metrics/node";
import { type CliContext, existingStateFile } from "../../context.js";
import { formatInt, painter, renderTable } from "../../format.js";

const pct = (r: number) => `${(r * 100).toFixed(1)}%`;

export async function runMetrics(
  ctx: CliContext,
  agent: string | undefined,
  options: { json?: boolean },
): Promise<number> {
  // Nothing recorded (or not a project): an empty store, and no file made by reading.
  const path = existingStateFile(ctx, "metrics");
  const store: MetricsStore = path ? openSqliteMetricsStore(path) : createMemoryMetricsStore();
  try {
    const summary = summarizeAgents(store, { now: ctx.now(), days: 30, ...(agent && { agentType: agent }) });
    if (options.json) {
      ctx.stdout(`${JSON.stringify(summary, (_, v) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`);
      return 0;
    }
    const paint = painter(ctx.color);
    if (summary.agents.length === 0) {
      // Where the records come from, so an empty table says what fills it.
      ctx.stdout(
        `No agent invocations recorded in the last 30 days${agent ? ` for ${agent}` : ""}.\n` +
          `They come from ${path ?? ".claude/state/metrics.db"}, where the Vextrus hooks record each subagent run once \`vextrus init\` has installed them.\n`,
      );
      return 0;
    }
    let out = renderTable(
      ["Agent", "Runs", "Success", "Corrected", "Avg time", "Cost", "Trend"],
      summary.agents.map((a) => [
        a.agentType,
        formatInt(a.invocations),
        pct(a.successRate),
        pct(a.correctionRate),
        `${(a.avgDurationMs / 1000).toFixed(1)}s`,
        formatUsd(a.costPico),
        a.trend.direction,
      ]),
      { numeric: [1, 2, 3, 4, 5], paint },
    );
    for (const a of summary.agents.filter((x) => x.failureModes.length > 0).slice(0, agent ? 1 : 3)) {
      out += `${a.agentType}: ${a.failureModes.map((f) => `${f.failureMode} ×${f.count}`).join(", ")}\n`;
    }
    ctx.stdout(out);
    return 0;
  } finally {
    store.close();
  }
}
