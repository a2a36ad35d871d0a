import { openUserLedger } from "@vextrus/config/ledger";
import { type AgentRun, createPriceBook, type PriceBook, storedAgentRuns } from "@vextrus/cost";
import { claudeProjectDirs, ingestClaudeTranscripts } from "@vextrus/cost/node";
import { userMessage } from "@vextrus/errors";
import {
  createMemoryMetricsStore,
  type MergedHistory,
  type MetricsStore,
  mergeInvocations,
  withTranscriptRuns,
} from "@vextrus/metrics";
import { openSqliteMetricsStore } from "@vextrus/metrics/node";
import { type CliContext, existingStateFile, ledgerLocation, readOptimization } from "../../context.js";

export interface TranscriptRuns {
  runs: AgentRun[];
  book: PriceBook;
  /** Where the runs came from, or why there are none: a line for the person. */
  source: string;
  /** The `projects/` folders read. */
  projectDirs: string[];
}

/** The prices `vextrus cost` uses: the built-in table with optimization.cost.prices on top. */
export async function priceBook(ctx: CliContext): Promise<PriceBook> {
  const block = readOptimization(ctx).cost;
  if (block === undefined) return createPriceBook();
  const { parseCostConfig } = await import("@vextrus/cost/config");
  return createPriceBook({ overrides: parseCostConfig(block).config.prices });
}

/**
 * The subagent runs of `[from, to)` (ISO times) in the user's Claude Code transcripts, after bringing the user's
 * ledger up to date with them (the same incremental pass as `vextrus cost`; `ingest: false` when the caller just
 * did it). `keep` narrows them by start (a period's days in a time zone inside a wider UTC range): the runs and the
 * open calls that `source` counts are the same ones. A ledger that cannot be read leaves no runs and says why in
 * `source`.
 */
export async function loadTranscriptRuns(
  ctx: CliContext,
  range: { from?: string; to?: string },
  options: { ingest?: boolean; keep?: (start: string) => boolean } = {},
): Promise<TranscriptRuns> {
  const book = await priceBook(ctx);
  const projectDirs = claudeProjectDirs(ctx.env, ctx.home);
  if (projectDirs.length === 0)
    return {
      runs: [],
      book,
      projectDirs,
      source: "no Claude Code transcripts found (set CLAUDE_CONFIG_DIR)",
    };
  let store: ReturnType<typeof openUserLedger>;
  try {
    store = openUserLedger(ledgerLocation(ctx));
  } catch (error) {
    return {
      runs: [],
      book,
      projectDirs,
      source: `the cost ledger could not be read: ${userMessage(error)}`,
    };
  }
  try {
    if (options.ingest !== false) await ingestClaudeTranscripts({ projectDirs, store });
    const found = storedAgentRuns(store, book, range);
    const keep = options.keep ?? (() => true);
    const runs = found.runs.filter((r) => keep(r.start));
    const unfinished = found.pending.filter((c) => keep(c.timestamp)).length;
    const still = unfinished > 0 ? `; ${unfinished} still running or never ended, not counted` : "";
    return {
      runs,
      book,
      projectDirs,
      source: `${runs.length} subagent run(s) found in the Claude Code transcripts of ${projectDirs.join(", ")}${still}`,
    };
  } finally {
    store.close();
  }
}

/**
 * The project's metrics (what the hooks recorded, in .claude/state/metrics.db) with the transcripts' runs merged in
 * by @vextrus/metrics' rule (a hook's record wins over the run with its tool_use_id). Close it when done.
 */
export function metricsWithHistory(
  ctx: CliContext,
  loaded: TranscriptRuns,
): { store: MetricsStore; source(range: { from: string; to: string }): string } {
  // Reading makes nothing: no metrics file (or no project) is an empty store.
  const path = existingStateFile(ctx, "metrics");
  const base = path ? openSqliteMetricsStore(path) : createMemoryMetricsStore();
  return {
    store: withTranscriptRuns(base, loaded.runs),
    source(range) {
      const merged: MergedHistory = mergeInvocations(base.invocations(range), loaded.runs);
      const hooks = path
        ? `${merged.fromHooks} recorded by the Vextrus hooks (${path})`
        : "none recorded by the hooks (no .claude/state/metrics.db: `vextrus init` installs them)";
      return `agent runs: ${hooks}, ${merged.invocations.length - merged.fromHooks} more from Claude Code's transcripts (${loaded.source}); a run both saw counts once`;
    },
  };
}
