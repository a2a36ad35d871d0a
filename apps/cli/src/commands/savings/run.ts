import { formatUsd } from "@vextrus/cost";
import { formatSavedTime } from "@vextrus/metrics";
import type { CliContext } from "../../context.js";
import { painter, renderTable } from "../../format.js";
import { insightsPeriod, type PeriodOptions } from "../insights/data.js";
import { loadSavings, savingsJson } from "./data.js";

/** `vextrus savings`: what the cache and model routing saved, exactly, in a period (default: this month). */
export async function runSavings(
  ctx: CliContext,
  options: { json?: boolean } & Pick<PeriodOptions, "since" | "until" | "timezone">,
): Promise<number> {
  const { period, timezone } = insightsPeriod(ctx, options, "month");
  const saved = loadSavings(ctx, period, timezone);
  if (options.json) {
    const json = {
      period: {
        from: period.since,
        to: period.until,
        timezone,
        ...(period.label !== undefined && { label: period.label }),
        current: period.current,
      },
      ...savingsJson(saved),
    };
    ctx.stdout(`${JSON.stringify(json, null, 2)}\n`);
    return 0;
  }
  const { cache, routing } = saved.summary;
  if (cache.runs + routing.runs === 0) {
    ctx.stdout(
      `${saved.sentence.charAt(0).toUpperCase()}${saved.sentence.slice(1)} (${period.since} → ${period.until}, ${timezone}).\n` +
        "Savings are recorded by the hooks as they happen: a cache hit, or a subagent run on the model the hook chose.\n",
    );
    return 0;
  }
  const paint = painter(ctx.color);
  ctx.stdout(
    `${paint.bold(`${saved.sentence.charAt(0).toUpperCase()}${saved.sentence.slice(1)}`)} (${period.since} → ${period.until}, ${timezone})\n` +
      renderTable(
        ["Lever", "Runs", "Saved", "Time saved"],
        [
          ["cache hits", String(cache.runs), formatUsd(cache.savedPico), formatSavedTime(cache.savedMs)],
          ["model routing", String(routing.runs), formatUsd(routing.savedPico), "—"],
        ],
        { numeric: [1, 2, 3], paint },
      ) +
      paint.dim(
        "A hit saves the cost and time of the run that made the entry; a routed run saves its requests' price at the model it would otherwise have used minus their exact price (token counts assumed equal).\n",
      ),
  );
  return 0;
}
