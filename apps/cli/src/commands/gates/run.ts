import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { STATE_FILES } from "@vextrus/config";
import { ensureStateDir } from "@vextrus/config/node";
import { openSqliteMetricsStore } from "@vextrus/metrics/node";
import {
  createAgentGateRunner,
  defaultGates,
  type Gate,
  type GateEvent,
  type GateResult,
  packageManagerFromLockfiles,
  parseGatesConfig,
  planGateRun,
  runGatePlan,
} from "@vextrus/orchestrator";
import { assessChangeRisk, LEVEL_THRESHOLDS, parseQualityConfig, type RiskLevel } from "@vextrus/risk";
import { readGitChanges } from "@vextrus/risk/git";
import { type CliContext, CliError, projectRoot, readOptimization, stateDir } from "../../context.js";
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
  /** Asks the question; injected so tests can answer it. */
  ask?: (question: string) => Promise<string>;
  isTTY?: boolean;
}

const LEVELS = ["auto", "minimal", "standard", "thorough", "comprehensive"];

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
  const risk = assessChangeRisk({ diff: changes.diff, files: changes.files }, quality.rules);
  const plan = (chosen: string) =>
    chosen === "auto"
      ? planGateRun({ score: risk.score, files: risk.files }, gates, quality.config)
      : // An explicit level is the user's call: no path forcing, no preference shift.
        planGateRun({ score: lowestScore(chosen as RiskLevel), files: [] }, gates, {
          risk_preference: "recommended",
        });
  let current = plan(level);
  const paint = painter(ctx.color);
  const show = (text: string) => {
    if (!options.json) ctx.stdout(text);
  };
  show(`${paint.bold("Risk")} of ${describeScope(changes)}: ${risk.score}/100 (${risk.level})\n`);
  for (const r of risk.reasons) show(`  +${r.points} ${r.rule}: ${r.evidence}\n`);
  const describe = () =>
    `${paint.bold("Gates")} ${current.level}: ${current.stages.map((s) => s.gates.map((g) => g.name).join(" + ")).join(" → ") || "none configured"} (about ${current.recommendation.timeEstimateMinutes} min${current.recommendation.forcedBy ? `; forced: ${current.recommendation.forcedBy}` : ""})\n`;
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
  const failed = results.filter((r) => r.status === "failed" || r.status === "timed-out");
  if (options.json) {
    ctx.stdout(
      `${JSON.stringify({ scope: changes.scope, risk: { score: risk.score, level: risk.level, reasons: risk.reasons }, level: current.level, recommendation: current.recommendation, results }, null, 2)}\n`,
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
    const agentGates = results.filter(
      (r) => r.status === "skipped" && gates.find((g) => g.name === r.name)?.kind === "agent",
    );
    if (!runner && agentGates.length > 0) {
      ctx.stdout(
        paint.dim(
          `Agent gates (${agentGates.map((r) => r.name).join(", ")}) were skipped: set ANTHROPIC_API_KEY or install Claude Code (claude) to run them.\n`,
        ),
      );
    }
  }
  return failed.length > 0 ? 1 : 0;
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
