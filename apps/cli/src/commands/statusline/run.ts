import { existsSync } from "node:fs";
import { join } from "node:path";
import {
  findProjectRoot,
  isBlock,
  projectStateDir,
  readProjectSettings,
  readStatuslineSettings,
  STATE_FILES,
} from "@vextrus/config";
import { nodeFs } from "@vextrus/config/node";
import { type CostConfig, createPriceBook, DEFAULT_COST_CONFIG, type Pico, usdToPico } from "@vextrus/cost";
import { userMessage } from "@vextrus/errors";
import type { CliContext } from "../../context.js";
import { ledgerLocation } from "../../context.js";
import { composeStatusline, type StatuslineFigures } from "./compose.js";
import { type LedgerFigureOptions, ledgerFigures } from "./figures.js";
import { readPayload } from "./payload.js";

/** A write to the ledger waits this long for another process's transaction before the line goes out without it. */
const LEDGER_BUSY_MS = 100;

const NUMBERS = new Set(["monthly_budget_usd", "alert_threshold_pct"]);

/**
 * The cost settings the line needs. A block of plain switches and positive numbers (the common case) is read as
 * it is; anything else goes through the cost library's validation (zod, ~15 ms), and a bad block leaves the
 * defaults and a note rather than no line.
 */
async function costConfig(block: unknown, note: (m: string) => void): Promise<CostConfig> {
  if (block === undefined) return DEFAULT_COST_CONFIG;
  if (
    isBlock(block) &&
    Object.entries(block).every(([key, value]) =>
      NUMBERS.has(key)
        ? typeof value === "number" && Number.isFinite(value) && value >= 0
        : typeof value === "boolean" && Object.hasOwn(DEFAULT_COST_CONFIG, key),
    )
  )
    return { ...DEFAULT_COST_CONFIG, ...block };
  try {
    const { parseCostConfig } = await import("@vextrus/cost/config");
    return parseCostConfig(block).config;
  } catch (error) {
    note(userMessage(error));
    return DEFAULT_COST_CONFIG;
  }
}

/**
 * Keeps Claude Code's figure for the session, brings the ledger up to date with what Claude Code appended since the
 * last run, and reads the figures the line shows (ledger figures undefined when there is no ledger to read). Claude Code's figure is written first with a short wait: a
 * ledger another process is writing (a first ingest can take seconds) means this line goes out without ledger
 * figures rather than late.
 */
async function readLedger(
  ctx: CliContext,
  payload: ReturnType<typeof readPayload>["payload"],
  options: LedgerFigureOptions,
  rescanSeconds: number,
  note: (m: string) => void,
): Promise<StatuslineFigures | undefined> {
  const location = ledgerLocation(ctx);
  const { claudeProjectDirs, ingestClaudeTranscripts, openReportedCostStore, withSessionProjects } =
    await import("@vextrus/cost/node");
  const projectDirs = withSessionProjects(claudeProjectDirs(ctx.env, ctx.home), payload.transcriptPath);
  const existed = existsSync(location.userLedger);
  if (!existed && projectDirs.length === 0) return undefined;
  const recordReported = () => {
    if (payload.sessionId === undefined || payload.reportedCostUsd === undefined) return;
    const reported = openReportedCostStore(location.userLedger, { busyTimeoutMs: LEDGER_BUSY_MS });
    try {
      reported.record(payload.sessionId, usdToPico(payload.reportedCostUsd), ctx.now().toISOString());
    } finally {
      reported.close();
    }
  };
  const [{ openUserLedger }, { storeView }] = await Promise.all([
    import("@vextrus/config/ledger"),
    import("@vextrus/cost"),
  ]);
  const store = openUserLedger(location);
  try {
    // Recorded while the ledger is open, so closing this second connection is not the last close (which
    // checkpoints the WAL) and the figure is in before the ingest can hold the write lock.
    recordReported();
    // Its own session every run, every session's at most every rescan_seconds (docs/statusline.md).
    const focus =
      payload.transcriptPath === undefined
        ? undefined
        : { transcript: payload.transcriptPath, everyMs: rescanSeconds * 1000, now: options.now.getTime() };
    if (projectDirs.length > 0) await ingestClaudeTranscripts({ projectDirs, store, focus });
    return ledgerFigures(storeView(store), options);
  } catch (error) {
    note(userMessage(error));
    return undefined;
  } finally {
    store.close();
  }
}

/**
 * Today's savings (the local day) from the project's metrics, which the hooks record when a cached report is handed
 * back or a run is routed to a cheaper model; undefined when nothing was saved today or there is no metrics file.
 */
async function savedToday(projectRoot: string | undefined, ctx: CliContext): Promise<Pico | undefined> {
  if (projectRoot === undefined) return undefined;
  const path = join(projectStateDir({ projectRoot, env: ctx.env }), STATE_FILES.metrics);
  if (!existsSync(path)) return undefined;
  const { readSavingsSummary } = await import("@vextrus/metrics/node");
  const now = ctx.now();
  const from = new Date(now.getFullYear(), now.getMonth(), now.getDate()).toISOString();
  const to = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1).toISOString();
  const summary = readSavingsSummary(path, { from, to });
  return summary.cache.runs + summary.routing.runs > 0 ? summary.totalPico : undefined;
}

/**
 * `vextrus statusline`: Claude Code's status-line JSON in, one line out. Never fails: whatever cannot be read (the
 * input, the settings, a locked or broken ledger) leaves its segments out, adds a short note on stderr, and the
 * exit code stays 0 so Claude Code keeps showing a line.
 */
export async function runStatusline(ctx: CliContext, input: string): Promise<number> {
  const notes: string[] = [];
  const note = (message: string) => notes.push(message);
  const { payload, problem } = readPayload(input);
  if (problem) note(problem);
  // The project Claude Code runs in, not the folder it started this command in.
  const projectCtx: CliContext = { ...ctx, cwd: payload.projectDir ?? ctx.cwd };
  const figures: StatuslineFigures = {};
  if (payload.model !== undefined) figures.model = payload.model;
  if (payload.reportedCostUsd !== undefined) figures.reportedSessionPico = usdToPico(payload.reportedCostUsd);
  if (payload.fiveHourPct !== undefined) figures.fiveHourPct = payload.fiveHourPct;
  if (payload.sevenDayPct !== undefined) figures.sevenDayPct = payload.sevenDayPct;
  let { segments, rescanSeconds } = readStatuslineSettings(undefined).settings;
  try {
    const projectRoot = findProjectRoot({ cwd: projectCtx.cwd, env: ctx.env, fs: nodeFs });
    const { optimization } = readProjectSettings({ fs: nodeFs, projectRoot, mode: "lenient", note });
    const read = readStatuslineSettings(optimization.statusline);
    ({ segments, rescanSeconds } = read.settings);
    for (const error of read.errors) note(error);
    if (segments.includes("savings")) {
      try {
        const saved = await savedToday(projectRoot, ctx);
        if (saved !== undefined) figures.savedTodayPico = saved;
      } catch (error) {
        note(userMessage(error));
      }
    }
    const config = await costConfig(optimization.cost, note);
    if (config.enabled !== false) {
      // The month's spend only for the budget's share of it.
      const month = segments.includes("budget") && config.monthly_budget_usd > 0;
      const read = await readLedger(
        projectCtx,
        payload,
        {
          book: createPriceBook({ overrides: config.prices }),
          now: ctx.now(),
          sessionId: payload.sessionId,
          monthlyBudgetUsd: month ? config.monthly_budget_usd : 0,
          alertThresholdPct: config.alert_threshold_pct,
        },
        rescanSeconds,
        note,
      );
      if (read) Object.assign(figures, read);
    }
  } catch (error) {
    note(userMessage(error));
  }
  const noColor = "NO_COLOR" in ctx.env && ctx.env.NO_COLOR !== "";
  const color = !noColor && ctx.env.FORCE_COLOR !== "0";
  ctx.stdout(`${composeStatusline(figures, { segments, color })}\n`);
  for (const message of notes) ctx.stderr(`vextrus statusline: ${message}\n`);
  return 0;
}
