import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { STATE_FILES } from "@vextrus/config";
import { ensureStateDir } from "@vextrus/config/node";
import { summarizeAgents } from "@vextrus/metrics";
import { openSqliteMetricsStore } from "@vextrus/metrics/node";
import {
  createAgentGateRunner,
  defaultGates,
  type Gate,
  type GateEvent,
  type GateMinutesEstimate,
  type GateResult,
  gateMinutesFromHistory,
  judgeGateRun,
  packageManagerFromLockfiles,
  parseGatesConfig,
  planGateRun,
  runGatePlan,
} from "@vextrus/orchestrator";
import {
  assessChangeRisk,
  GATE_PLANS,
  LEVEL_THRESHOLDS,
  parseQualityConfig,
  type RiskLevel,
} from "@vextrus/risk";
import { readGitChanges } from "@vextrus/risk/git";
import {
  type CliContext,
  CliError,
  existingStateFile,
  projectRoot,
  readOptimization,
  stateDir,
} from "../../context.js";
import { painter, renderTable } from "../../format.js";
import { describeScope, scopeOf } from "../risk/run.js";
import { agentRunnerFor } from "./agent-gate.js";

export interface GatesOptions {
  base?: string;
  staged?: boolean;
  level?: string;
  full?: boolean;
  yes?: boolean;
  json?: boolean;
  failFast?: boolean;
  /** Required gates that did not run (no agent runner, no script) do not make the run incomplete. */
  allowSkipped?: boolean;
  /** Asks the question; injected so tests can answer it. */
  ask?: (question: string) => Promise<string>;
  isTTY?: boolean;
}

const LEVELS = ["auto", "minimal", "standard", "thorough", "comprehensive"];

/**
 * Exit codes: every required gate passed; a gate failed (or the command was misused); no gate failed but a required
 * one did not run (see `judgeGateRun`). Documented in the CLI README.
 */
export const GATES_EXIT = { passed: 0, failed: 1, incomplete: 3 } as const;

/** The project's gates: `optimization.quality.gates` if set, else build/lint/tests from package.json plus reviewers. */
function projectGates(
  root: string,
  quality: Record<string, unknown> | undefined,
  warn: (w: string) => void,
): Gate[] {
  if (quality?.gates !== undefined) {
    const parsed = parseGatesConfig(quality.gates);
    for (const w of parsed.warnings) warn(w);
    return parsed.gates;
  }
  const pkgFile = join(root, "package.json");
  const scripts = existsSync(pkgFile) ? (JSON.parse(readFileSync(pkgFile, "utf8")).scripts ?? {}) : {};
  return defaultGates({ packageManager: packageManagerFromLockfiles(readdirSync(root)) ?? "npm", scripts });
}

/** The lowest score at `level` (comprehensive is everything from the last threshold up). */
function lowestScore(level: RiskLevel): number {
  const index = LEVEL_THRESHOLDS.findIndex((t) => t.level === level);
  if (index === -1) return LEVEL_THRESHOLDS.at(-1)?.below ?? 100;
  return index === 0 ? 0 : (LEVEL_THRESHOLDS[index - 1]?.below ?? 0);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

export async function runGatesCommand(ctx: CliContext, options: GatesOptions): Promise<number> {
  const level = options.full ? "comprehensive" : (options.level ?? "auto");
  if (!LEVELS.includes(level))
    throw new CliError(`--level: expected one of ${LEVELS.join(", ")}, got "${level}"`);
  const warn = (w: string) => ctx.stderr(`warning: ${w}\n`);
  const root = projectRoot(ctx);
  const optimization = readOptimization(ctx);
  const { gates: qualityGates, ...qualityBlock } = (optimization.quality ?? {}) as Record<string, unknown>;
  const latency = optimization.latency as { parallel_quality_gates?: boolean } | undefined;
  const quality = parseQualityConfig(qualityBlock);
  quality.warnings.forEach(warn);
  const gates = projectGates(root, { gates: qualityGates }, warn);
  const changes = await readGitChanges({ cwd: ctx.cwd, scope: scopeOf(options) });
  // Time estimates from this project's recorded gate runs where there are any; the rest are defaults, and say so.
  const estimate = recordedGateMinutes(ctx);
  const timing = estimate ? { minutes: estimate.minutes } : {};
  const risk = assessChangeRisk({ diff: changes.diff, files: changes.files }, quality.rules);
  const plan = (chosen: string) =>
    chosen === "auto"
      ? planGateRun({ score: risk.score, files: risk.files }, gates, quality.config, timing)
      : // An explicit level is the user's call: no path forcing, no preference shift.
        planGateRun(
          { score: lowestScore(chosen as RiskLevel), files: [] },
          gates,
          { risk_preference: "recommended" },
          timing,
        );
  let current = plan(level);
  const paint = painter(ctx.color);
  const show = (text: string) => {
    if (!options.json) ctx.stdout(text);
  };
  show(`${paint.bold("Risk")} of ${describeScope(changes)}: ${risk.score}/100 (${risk.level})\n`);
  for (const r of risk.reasons) show(`  +${r.points} ${r.rule}: ${r.evidence}\n`);
  const describe = () =>
    `${paint.bold("Gates")} ${current.level}: ${current.stages.map((s) => s.gates.map((g) => g.name).join(" + ")).join(" → ") || "none configured"} (about ${current.recommendation.timeEstimateMinutes} min, ${timingSource(estimate)}${current.recommendation.forcedBy ? `; forced: ${current.recommendation.forcedBy}` : ""})\n`;
  show(describe());
  if (!options.yes && !options.json && options.isTTY && options.ask) {
    const answer = (await options.ask("Proceed with recommendation? [Y/n/full] ")).trim().toLowerCase();
    if (answer === "n" || answer === "no") {
      ctx.stdout("Not run.\n");
      return 0;
    }
    if (answer === "full" || answer === "f") {
      current = plan("comprehensive");
      show(describe());
    }
  }
  const runner = agentRunnerFor(ctx.env, root);
  const onEvent = (event: GateEvent) => {
    if (event.type === "start") show(`${paint.cyan("▶")} ${event.gate}\n`);
    else if (event.type === "end" && event.result.status !== "skipped") show(line(event.result));
  };
  const line = (r: GateResult) => {
    const mark = r.status === "passed" ? paint.green("✔") : paint.red("✖");
    return `${mark} ${r.name} ${r.status} in ${seconds(r.durationMs)}${r.exitCode !== null && r.status !== "passed" ? ` (exit ${r.exitCode})` : ""}\n`;
  };
  const results = await runGatePlan(current, {
    cwd: root,
    ...(options.failFast && { failFast: true }),
    // `parallel_quality_gates: false` brings back one gate at a time.
    ...(latency?.parallel_quality_gates === false && { concurrency: 1 }),
    ...(runner && { runAgent: createAgentGateRunner({ runner, diff: changes.diff }) }),
    onEvent,
  });
  recordGateResults(ctx, results);
  // A team that lists its own gates chose them; otherwise the level's gates are required even without a script.
  const judgement = judgeGateRun({
    plan: current,
    results,
    ...(qualityGates !== undefined && { required: [] }),
    ...(options.allowSkipped && { allowSkipped: true }),
  });
  const failed = results.filter((r) => r.status === "failed" || r.status === "timed-out");
  if (options.json) {
    ctx.stdout(
      `${JSON.stringify({ scope: changes.scope, risk: { score: risk.score, level: risk.level, reasons: risk.reasons }, level: current.level, recommendation: current.recommendation, timeEstimate: { measured: estimate?.measured ?? [], defaults: estimate?.defaults ?? [...GATE_PLANS.comprehensive.gates] }, verdict: judgement.verdict, notRun: judgement.notRun, results }, null, 2)}\n`,
    );
  } else {
    ctx.stdout(
      renderTable(
        ["Gate", "Status", "Time", "Note"],
        results.map((r) => [r.name, r.status, seconds(r.durationMs), (r.error ?? "").slice(0, 60)]),
        { numeric: [2], paint },
      ),
    );
    for (const r of failed) ctx.stdout(`\n${paint.bold(r.name)} output (end):\n${r.outputTail}\n`);
    if (judgement.notRun.length > 0) {
      const ran = results.filter((r) => r.status !== "skipped" && r.status !== "cancelled").length;
      const head =
        judgement.verdict === "incomplete"
          ? paint.yellow(`Incomplete: ${judgement.notRun.length} required gate(s) did not run (${ran} ran).`)
          : `${judgement.notRun.length} required gate(s) did not run${options.allowSkipped ? " (--allow-skipped)" : ""}:`;
      ctx.stdout(`\n${head}\n`);
      for (const n of judgement.notRun) ctx.stdout(`  ${n.gate}: ${n.enable}\n`);
      if (judgement.verdict === "incomplete")
        ctx.stdout(paint.dim("Run with --allow-skipped to accept a run without them.\n"));
    }
  }
  return GATES_EXIT[judgement.verdict];
}

/** Mean durations of this project's recorded gate runs (last 90 days), or undefined when none is recorded. */
function recordedGateMinutes(ctx: CliContext): GateMinutesEstimate | undefined {
  const path = existingStateFile(ctx, "metrics");
  if (!path) return undefined;
  try {
    const store = openSqliteMetricsStore(path);
    try {
      const { gates } = summarizeAgents(store, { now: ctx.now(), days: 90 });
      const estimate = gateMinutesFromHistory(gates);
      return estimate.measured.length > 0 ? estimate : undefined;
    } finally {
      store.close();
    }
  } catch (error) {
    ctx.stderr(`warning: recorded gate times not read: ${(error as Error).message}\n`);
    return undefined;
  }
}

function timingSource(estimate: GateMinutesEstimate | undefined): string {
  if (!estimate) return "default times: no gate runs recorded yet";
  if (estimate.defaults.length === 0) return "from recorded runs";
  return `recorded for ${estimate.measured.join(", ")}; defaults for the rest`;
}

/** Gate runs feed the dashboard's quality-gate performance; a metrics store that cannot be written loses only that. */
function recordGateResults(ctx: CliContext, results: readonly GateResult[]): void {
  try {
    const dir = stateDir(ctx);
    ensureStateDir(dir);
    const store = openSqliteMetricsStore(join(dir, STATE_FILES.metrics));
    try {
      const at = ctx.now().toISOString();
      store.addGateResults(
        results.map((r) => ({
          gate: r.name,
          status: r.status,
          durationMs: Math.round(r.durationMs),
          timestamp: at,
        })),
      );
    } finally {
      store.close();
    }
  } catch (error) {
    ctx.stderr(`warning: gate results not recorded: ${(error as Error).message}\n`);
  }
}
