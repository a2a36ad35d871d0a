import { categoryOf, DEFAULT_CACHE_CONFIG, normalizePrompt } from "@vextrus/cache";
import { parseComplexityRules, scoreTask, TIER_PLANS } from "@vextrus/complexity";
import {
  type AgentRun,
  dayKeyFunction,
  type FileEvent,
  fileEventsOf,
  formatUsd,
  type Pico,
  type WhatIfPolicy,
  type WhatIfTotals,
  whatIf,
} from "@vextrus/cost";
import { createFsTranscriptSource } from "@vextrus/cost/node";
import { type CliContext, readOptimization } from "../../context.js";
import { painter, renderTable } from "../../format.js";
import { insightsPeriod, type PeriodOptions } from "../insights/data.js";
import { loadTranscriptRuns } from "../insights/history.js";

/** What the replay assumes, said with every answer. */
export const WHATIF_METHOD = [
  "Each run's prompt (the Agent call's description and prompt) is scored by @vextrus/complexity with this project's rules, and its requests are re-priced at the model its tier selects, as the PreToolUse hook would route it; runs whose caller pinned a model and compaction runs keep theirs.",
  "A call repeating an earlier successful run's agent type and normalised prompt, started within its category's cache TTL, counts as a cache hit (cost 0) unless a file that run read was written in between.",
  "Limits: token counts on another model are assumed equal (another model would have answered differently); only Read calls count as what a run depended on, and only Write/Edit/MultiEdit/NotebookEdit calls as writes (shell commands are not seen); a model set in an agent's definition file is not checked; the cache and routing switches are assumed on.",
];

async function policyOf(ctx: CliContext): Promise<WhatIfPolicy> {
  const optimization = readOptimization(ctx);
  const { config: complexity, warnings } = parseComplexityRules(optimization.complexity);
  for (const warning of warnings) ctx.stderr(`warning: ${warning}\n`);
  const cache =
    optimization.latency === undefined
      ? DEFAULT_CACHE_CONFIG
      : (await import("@vextrus/cache/config")).parseCacheConfig(optimization.latency);
  return {
    route: (run) =>
      run.requestedModel !== null || run.prompt === ""
        ? null
        : TIER_PLANS[scoreTask({ description: `${run.description}\n${run.prompt}` }, complexity).model].model,
    cacheTtlMs(agentType) {
      const hours = cache.ttlHours[categoryOf(agentType, cache)];
      return hours === undefined || hours <= 0 ? null : hours * 3_600_000;
    },
    cacheKey: (run) => (run.prompt === "" ? "" : `${run.agentType}\u0000${normalizePrompt(run.prompt)}`),
  };
}

/**
 * The Read and write calls in the transcripts of the projects where a call repeats, from the period's first day on:
 * only what the cache lever needs, and nothing read when no call repeats.
 */
function fileEvents(
  runs: readonly AgentRun[],
  policy: WhatIfPolicy,
  projectDirs: string[],
  from: string,
): FileEvent[] {
  const seen = new Map<string, string>();
  const projects = new Set<string>();
  for (const run of runs) {
    const key = policy.cacheKey(run);
    if (key === "") continue;
    const first = seen.get(key);
    if (first !== undefined) projects.add(first);
    else seen.set(key, run.project);
  }
  if (projects.size === 0) return [];
  const source = createFsTranscriptSource({ projectDirs });
  const since = Date.parse(from);
  const out: FileEvent[] = [];
  for (const file of source.list().transcripts) {
    if (!projects.has(file.project) || file.mtimeMs < since) continue;
    out.push(...fileEventsOf(source.readText(file.path), file.agentId));
  }
  return out;
}

const usd = (pico: Pico) => formatUsd(pico);
const pct = (part: Pico, whole: Pico) =>
  whole === 0n ? "—" : `${(Number(((whole - part) * 10_000n) / whole) / 100).toFixed(1)}%`;
const json = (value: unknown) =>
  JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v), 2);

/** `vextrus whatif`: the period's subagent runs as they cost, and as they would have cost under the policy. */
export async function runWhatif(
  ctx: CliContext,
  options: { json?: boolean } & Pick<PeriodOptions, "since" | "until" | "timezone">,
): Promise<number> {
  const { period, timezone } = insightsPeriod(ctx, options, { days: 30 });
  const policy = await policyOf(ctx);
  // Whole UTC days around the period; the runs are then kept by their start's day in the zone.
  const from = new Date(Date.parse(`${period.since}T00:00:00.000Z`) - 86_400_000).toISOString();
  const to = new Date(Date.parse(`${period.until}T00:00:00.000Z`) + 2 * 86_400_000).toISOString();
  const dayOf = dayKeyFunction(timezone);
  const inPeriod = (start: string) => {
    const day = dayOf(start);
    return day >= period.since && day <= period.until;
  };
  const loaded = await loadTranscriptRuns(ctx, { from, to }, { keep: inPeriod });
  const { runs } = loaded;
  const result = whatIf({
    runs,
    book: loaded.book,
    policy,
    files: fileEvents(runs, policy, loaded.projectDirs, from),
  });
  const levers = (t: WhatIfTotals) => ({
    actualPico: t.actualPico,
    policyPico: t.policyPico,
    savedPico: t.actualPico - t.policyPico,
    routing: { pico: t.routingPico, savedPico: t.actualPico - t.routingPico, reroutedRuns: t.reroutedRuns },
    cache: { pico: t.cachePico, savedPico: t.actualPico - t.cachePico, hits: t.cacheHits },
  });
  if (options.json) {
    ctx.stdout(
      `${json({
        period: { from: period.since, to: period.until, timezone },
        source: loaded.source,
        runs: result.totals.runs,
        totals: levers(result.totals),
        byAgent: result.byAgent.map((a) => ({ agentType: a.agentType, runs: a.runs, ...levers(a) })),
        families: result.families,
        unpricedModels: result.unpriced,
        method: WHATIF_METHOD,
      })}\n`,
    );
    return 0;
  }
  const paint = painter(ctx.color);
  const head = `${period.since} → ${period.until}, ${timezone}`;
  if (runs.length === 0) {
    ctx.stdout(`No subagent runs to replay (${head}).\n${loaded.source}.\n`);
    return 0;
  }
  const t = result.totals;
  let out = `${paint.bold(`Under the current policy ${t.runs === 1 ? "this subagent run" : `these ${t.runs} subagent runs`} would have cost ${usd(t.policyPico)} instead of ${usd(t.actualPico)} (${pct(t.policyPico, t.actualPico)} less)`)} (${head})\n`;
  out += renderTable(
    ["Lever", "Runs", "Cost", "Saved", "Less"],
    [
      ["as it was", String(t.runs), usd(t.actualPico), "—", "—"],
      [
        "routing alone",
        `${t.reroutedRuns} rerouted`,
        usd(t.routingPico),
        usd(t.actualPico - t.routingPico),
        pct(t.routingPico, t.actualPico),
      ],
      [
        "cache alone",
        `${t.cacheHits} hits`,
        usd(t.cachePico),
        usd(t.actualPico - t.cachePico),
        pct(t.cachePico, t.actualPico),
      ],
      ["both", "", usd(t.policyPico), usd(t.actualPico - t.policyPico), pct(t.policyPico, t.actualPico)],
    ],
    { numeric: [2, 3, 4], paint },
  );
  out += renderTable(
    ["Agent", "Runs", "As it was", "Policy", "Hits", "Rerouted"],
    result.byAgent.map((a) => [
      a.agentType,
      String(a.runs),
      usd(a.actualPico),
      usd(a.policyPico),
      String(a.cacheHits),
      String(a.reroutedRuns),
    ]),
    { numeric: [1, 2, 3, 4, 5], paint },
  );
  const families = Object.entries(result.families).map(([f, m]) => `${f} = ${m}`);
  if (families.length > 0) out += paint.dim(`Priced as: ${families.join(", ")}.\n`);
  if (result.unpriced.length > 0)
    out += `note: no price for ${result.unpriced.join(", ")}: those runs keep their cost under routing.\n`;
  out += paint.dim(`${loaded.source}.\n${WHATIF_METHOD.join("\n")}\n`);
  ctx.stdout(out);
  return 0;
}
