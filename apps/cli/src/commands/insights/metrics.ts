import { formatUsd } from "@vextrus/cost";
import { metricsWindow, summarizeAgents } from "@vextrus/metrics";
import type { CliContext } from "../../context.js";
import { formatInt, painter, renderTable } from "../../format.js";
import { loadTranscriptRuns, metricsWithHistory } from "./history.js";

const pct = (r: number) => `${(r * 100).toFixed(1)}%`;

export async function runMetrics(
  ctx: CliContext,
  agent: string | undefined,
  options: { json?: boolean },
): Promise<number> {
  const window = metricsWindow(ctx.now(), 30);
  // The hooks' records and every subagent run in the transcripts (a run both saw counts once).
  const loaded = await loadTranscriptRuns(ctx, window);
  const { store, source } = metricsWithHistory(ctx, loaded);
  try {
    const summary = summarizeAgents(store, { now: ctx.now(), days: 30, ...(agent && { agentType: agent }) });
    const from = source(window);
    if (options.json) {
      ctx.stdout(
        `${JSON.stringify({ ...summary, source: from }, (_, v) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`,
      );
      return 0;
    }
    const paint = painter(ctx.color);
    if (summary.agents.length === 0) {
      // Where the records come from, so an empty table says what fills it.
      ctx.stdout(`No agent invocations in the last 30 days${agent ? ` for ${agent}` : ""}.\n${from}.\n`);
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
    out += `${paint.dim(`${from}. Corrections are known only from hook records: a transcript cannot say.`)}\n`;
    ctx.stdout(out);
    return 0;
  } finally {
    store.close();
  }
}
