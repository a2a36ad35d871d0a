import {
  blockBurnRate,
  blocksBetween,
  formatUsd,
  picoToUsd,
  projectBlock,
  recentBlocks,
  type UsageBlock,
  usageBlocks,
  localTime as wallClock,
} from "@vextrus/cost";
import { type CliContext, CliError } from "../../context.js";
import { formatCompact, formatInt, painter, renderTable, shortModel } from "../../format.js";
import { type CostOptions, loadUsage } from "./load.js";
import { printEmpty } from "./report.js";

export interface BlocksOptions extends CostOptions {
  active?: boolean;
  recent?: boolean;
  /** A number of tokens, or `max` for the largest finished block. */
  tokenLimit?: string;
  order?: "asc" | "desc";
}

/** `--token-limit`: a whole number of tokens, or `max` (the largest block before the active one, as ccusage). */
function tokenLimit(text: string | undefined, blocks: readonly UsageBlock[]): number | undefined {
  if (text === undefined) return undefined;
  if (text.trim().toLowerCase() === "max") {
    const finished = blocks.filter((b) => !b.isGap && !b.isActive).map((b) => b.tokens.total);
    return finished.length > 0 ? Math.max(...finished) : undefined;
  }
  const n = Number(text.replace(/[_,]/g, ""));
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new CliError(`--token-limit ${text}: expected a positive whole number of tokens, or max`);
  return n;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** `2026-11-20 09:00` in the report's zone. */
function localTime(iso: string, timezone: string): string {
  const t = wallClock(new Date(iso), timezone);
  return `${t.year}-${pad(t.month)}-${pad(t.day)} ${pad(t.hour)}:${pad(t.minute)}`;
}

/** `3h05m`. */
function span(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, "0")}m`;
}

/** A block as ccusage's `blocks --json` spells it, plus exact pico-dollar costs. */
function blockJson(block: UsageBlock, now: Date, limit: number | undefined) {
  const burnRate = blockBurnRate(block);
  const projection = projectBlock(block, now);
  return {
    id: block.id,
    startTime: block.start,
    endTime: block.end,
    actualEndTime: block.lastActivity,
    isActive: block.isActive,
    isGap: block.isGap,
    entries: block.requests,
    tokenCounts: {
      inputTokens: block.tokens.input,
      outputTokens: block.tokens.output,
      cacheCreationInputTokens: block.tokens.cacheWrite5m + block.tokens.cacheWrite1h,
      cacheReadInputTokens: block.tokens.cacheRead,
    },
    totalTokens: block.tokens.total,
    costUSD: picoToUsd(block.costPico),
    costPico: block.costPico.toString(),
    unpricedRequests: block.unpricedRequests,
    models: block.models,
    burnRate: burnRate && {
      tokensPerMinute: burnRate.tokensPerMinute,
      tokensPerMinuteForIndicator: burnRate.tokensPerMinuteForIndicator,
      costPerHour: picoToUsd(burnRate.costPicoPerHour),
    },
    projection: projection && {
      totalTokens: projection.totalTokens,
      totalCost: picoToUsd(projection.costPico),
      remainingMinutes: projection.remainingMinutes,
    },
    ...(limit !== undefined &&
      block.isActive && {
        tokenLimitStatus: {
          limit,
          projectedUsage: projection?.totalTokens ?? block.tokens.total,
          percentUsed: ((projection?.totalTokens ?? block.tokens.total) / limit) * 100,
          status: status(projection?.totalTokens ?? block.tokens.total, limit),
        },
      }),
  };
}

const status = (tokens: number, limit: number) =>
  tokens > limit ? "exceeds" : tokens > limit * 0.8 ? "warning" : "ok";

function renderActive(
  block: UsageBlock,
  now: Date,
  timezone: string,
  limit: number | undefined,
  color: boolean,
) {
  const paint = painter(color);
  const rate = blockBurnRate(block);
  const projection = projectBlock(block, now);
  const lines = [
    paint.bold(`Active block since ${localTime(block.start, timezone)} (${timezone})`),
    `  Elapsed     ${span(now.getTime() - Date.parse(block.start))}, ${span(Date.parse(block.end) - now.getTime())} left (ends ${localTime(block.end, timezone)})`,
    `  Used        ${formatUsd(block.costPico)}, ${formatInt(block.tokens.total)} tokens in ${block.requests} requests`,
    `  Burn rate   ${rate ? `${formatUsd(rate.costPicoPerHour)}/h, ${formatInt(Math.round(rate.tokensPerMinute))} tokens/min` : "not yet (one request so far)"}`,
  ];
  if (projection)
    lines.push(
      `  Projected   ${formatUsd(projection.costPico)}, ${formatInt(projection.totalTokens)} tokens by the block's end`,
    );
  if (limit !== undefined) {
    const tokens = projection?.totalTokens ?? block.tokens.total;
    const pct = (tokens / limit) * 100;
    const shown = `${pct.toFixed(1)}% of ${formatInt(limit)} tokens${projection ? " (projected)" : ""}`;
    const level = status(tokens, limit);
    lines.push(
      `  Limit       ${level === "exceeds" ? paint.red(shown) : level === "warning" ? paint.yellow(shown) : paint.green(shown)}`,
    );
  }
  if (block.models.length > 0) lines.push(`  Models      ${block.models.map(shortModel).join(", ")}`);
  return `${lines.join("\n")}\n`;
}

function renderBlocks(
  blocks: readonly UsageBlock[],
  now: Date,
  timezone: string,
  limit: number | undefined,
  color: boolean,
) {
  const paint = painter(color);
  const head = [
    "Block start",
    "Duration",
    "Models",
    "Tokens",
    ...(limit === undefined ? [] : ["Of limit"]),
    "Cost",
  ];
  const rows: string[][] = [];
  for (const b of blocks) {
    if (b.isGap) {
      const gap = paint.dim(`(${span(Date.parse(b.end) - Date.parse(b.start))} gap)`);
      rows.push([
        paint.dim(localTime(b.start, timezone)),
        gap,
        "",
        "",
        ...(limit === undefined ? [] : [""]),
        "",
      ]);
      continue;
    }
    const duration = b.isActive
      ? paint.green(`ACTIVE, ${span(Date.parse(b.end) - now.getTime())} left`)
      : span(Date.parse(b.lastActivity ?? b.start) - Date.parse(b.start));
    const pct = limit === undefined ? [] : [`${((b.tokens.total / limit) * 100).toFixed(1)}%`];
    const money = b.unpricedRequests > 0 ? `≥${formatUsd(b.costPico)}` : formatUsd(b.costPico);
    rows.push([
      localTime(b.start, timezone),
      duration,
      b.models.map(shortModel).join(", "),
      formatCompact(b.tokens.total),
      ...pct,
      money,
    ]);
  }
  const numeric = limit === undefined ? [3, 4] : [3, 4, 5];
  let out = renderTable(head, rows, { numeric, paint });
  const active = blocks.find((b) => b.isActive);
  if (active) out += renderActive(active, now, timezone, limit, color);
  return out;
}

/** `vextrus cost blocks`: usage in 5-hour windows (docs/usage-blocks.md). */
export async function runBlocks(ctx: CliContext, options: BlocksOptions): Promise<number> {
  if (options.tokenLimit !== undefined) tokenLimit(options.tokenLimit, []); // a bad limit fails before any read
  const loaded = await loadUsage(ctx, options);
  if ("empty" in loaded) return printEmpty(ctx, options, loaded.empty);
  const now = ctx.now();
  let all: UsageBlock[];
  try {
    const records = options.project
      ? loaded.records.filter((r) =>
          r.project.toLowerCase().includes((options.project as string).toLowerCase()),
        )
      : loaded.records;
    all = usageBlocks(records, { book: loaded.book, now });
  } finally {
    // The ledger stays open until the caller closes it where the loader keeps it open (reports from rollups).
    if ("close" in loaded && typeof loaded.close === "function") loaded.close();
  }
  const limit = tokenLimit(options.tokenLimit, all);
  let blocks = blocksBetween(all, { since: options.since, until: options.until, timezone: loaded.timezone });
  if (options.recent) blocks = recentBlocks(blocks, now);
  if (options.active) blocks = blocks.filter((b) => b.isActive);
  if (options.order === "desc") blocks = [...blocks].reverse();
  if (options.json) {
    const json = { timezone: loaded.timezone, blocks: blocks.map((b) => blockJson(b, now, limit)) };
    ctx.stdout(`${JSON.stringify(json, null, 2)}\n`);
    return 0;
  }
  if (options.active) {
    const active = blocks[0];
    ctx.stdout(
      active
        ? renderActive(active, now, loaded.timezone, limit, ctx.color)
        : "No active block (no request in the last 5 hours).\n",
    );
    return 0;
  }
  if (blocks.length === 0) {
    ctx.stdout("No usage in the selected period.\n");
    return 0;
  }
  ctx.stdout(renderBlocks(blocks, now, loaded.timezone, limit, ctx.color));
  return 0;
}
