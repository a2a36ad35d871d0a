import { join } from "node:path";
import { openUserLedger } from "@vextrus/config/ledger";
import {
  type CostConfig,
  createMemoryUsageStore,
  createPriceBook,
  DEFAULT_COST_CONFIG,
  dayKeyFunction,
  type IngestResult,
  type PriceBook,
  parseDay,
  storeView,
  type UsageRecord,
  type UsageStore,
  type UsageView,
} from "@vextrus/cost";
import { claudeProjectDirs, ingestClaudeTranscripts, systemTimezone } from "@vextrus/cost/node";
import { type CliContext, ledgerLocation, readOptimization } from "../../context.js";
import { keepYoungGenerationSmall, SMALL_YOUNG_GENERATION_MIN_BYTES } from "./memory-heap.js";

export interface CostOptions {
  since?: string;
  until?: string;
  project?: string;
  json?: boolean;
  timezone?: string;
  breakdown?: boolean;
  /** Commander's negated `--no-store`. */
  store?: boolean;
}

export interface LoadedUsage {
  config: CostConfig;
  book: PriceBook;
  /** Reports from the ledger's rollups (groups, not requests); open until `close`. */
  view: UsageView;
  /** Every request of the window, read from the ledger on first use: prefer `view`, which sums groups. */
  readonly records: UsageRecord[];
  /** Agent id → subagent type, read from the ledger on first use (only the agent grouping needs them). */
  readonly agentTypes: Map<string, string>;
  ingest: IngestResult;
  /** The zone's name, as reports show it. */
  timezone: string;
  /** The zone is the process's own (no --timezone): days come from Date's local methods, without Intl. */
  timezoneIsLocal: boolean;
  projectDirs: string[];
  /** Closes the ledger; the view, `records` and `agentTypes` are unusable after. */
  close(): void;
}

export { systemTimezone };

/** Reads config, brings the store up to date with the transcripts, and returns the usage to report on. */
export async function loadUsage(
  ctx: CliContext,
  options: CostOptions,
): Promise<LoadedUsage | { empty: string }> {
  // Bad options fail before anything is read or written.
  if (options.since) parseDay(options.since, "since");
  if (options.until) parseDay(options.until, "until");
  // The system's zone is found without Intl (TZ, /etc/localtime) and read through Date; a named one is checked.
  const timezoneIsLocal = options.timezone === undefined;
  const timezone = options.timezone ?? systemTimezone();
  if (!timezoneIsLocal) dayKeyFunction(timezone);
  const block = readOptimization(ctx).cost;
  let config: CostConfig = DEFAULT_COST_CONFIG;
  if (block !== undefined) {
    // zod loads only when there is something to validate.
    const { parseCostConfig } = await import("@vextrus/cost/config");
    const parsed = parseCostConfig(block);
    config = parsed.config;
    for (const warning of parsed.warnings) ctx.stderr(`warning: ${warning}\n`);
  }
  const book = createPriceBook({ overrides: config.prices });
  const projectDirs = claudeProjectDirs(ctx.env, ctx.home);
  if (projectDirs.length === 0) {
    const where = ctx.env.CLAUDE_CONFIG_DIR
      ? `CLAUDE_CONFIG_DIR=${ctx.env.CLAUDE_CONFIG_DIR}`
      : `${join(ctx.home, ".claude")} and ${join(ctx.env.XDG_CONFIG_HOME || join(ctx.home, ".config"), "claude")}`;
    return {
      empty: `No Claude Code transcripts found (looked in ${where}); set CLAUDE_CONFIG_DIR to the folder that holds projects/.`,
    };
  }
  // The user's ledger (one for every project), never a folder in the working folder: `vextrus cost` runs anywhere.
  const store: UsageStore =
    options.store === false
      ? createMemoryUsageStore()
      : openUserLedger({
          ...ledgerLocation(ctx),
          onMigrated: (m) =>
            ctx.stderr(
              `note: moved this project's cost history (${m.records} requests) from ${m.from} into ${m.to}\n`,
            ),
        });
  try {
    const ingest = await ingestClaudeTranscripts({
      projectDirs,
      store,
      // Every request read stays in memory until the report: a large read would grow the young generation.
      ...(options.store === false && {
        beforeRead: ({ bytes }) => {
          if (bytes >= SMALL_YOUNG_GENERATION_MIN_BYTES) keepYoungGenerationSmall();
        },
      }),
    });
    if (ingest.malformedLines > 0)
      ctx.stderr(`note: skipped ${ingest.malformedLines} malformed transcript line(s)\n`);
    let records: UsageRecord[] | undefined;
    let agentTypes: Map<string, string> | undefined;
    return {
      config,
      book,
      view: storeView(store),
      get records() {
        records ??= store.usage(queryWindow(options));
        return records;
      },
      get agentTypes() {
        agentTypes ??= store.agentTypes();
        return agentTypes;
      },
      ingest,
      timezone,
      timezoneIsLocal,
      projectDirs,
      close: () => store.close(),
    };
  } catch (error) {
    store.close();
    throw error;
  }
}

/** A UTC window a day wider than --since/--until on each side; the exact local-day filter happens later. */
function queryWindow(options: CostOptions): { from?: string; to?: string } {
  const shift = (day: string | undefined, days: number) => {
    if (!day) return undefined;
    const digits = day.replace(/-/g, "");
    if (!/^\d{8}$/.test(digits)) return undefined; // left to parseDay, which names the option in its error
    const date = new Date(Date.UTC(+digits.slice(0, 4), +digits.slice(4, 6) - 1, +digits.slice(6, 8) + days));
    return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
  };
  const from = shift(options.since, -1);
  const to = shift(options.until, 2);
  return { ...(from && { from }), ...(to && { to }) };
}
