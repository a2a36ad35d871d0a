import { formatUsd, picoToUsd } from "@vextrus/cost";
import type { CliContext } from "../../context.js";
import { painter } from "../../format.js";
import { LOCAL_PARTS, TEAM_WIDE_PARTS } from "../cost/team-scope.js";
import { savingsJson } from "../savings/data.js";
import { agentLines, type Insights, insightsPeriod, loadInsights, type PeriodOptions } from "./data.js";
import { sparkline } from "./sparkline.js";

/** Words on lines of at most `width` columns. */
function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out.map((l) => (l.length > width ? `${l.slice(0, width - 1)}…` : l));
}

const pct = (rate: number | null) => (rate === null ? "—" : `${(rate * 100).toFixed(1)}%`);
const pad = (s: string, n: number) => (s.length >= n ? `${s.slice(0, n - 1)}…` : s.padEnd(n));

export function dashboardJson(i: Insights) {
  return {
    period: {
      from: i.from,
      to: i.to,
      days: i.days,
      timezone: i.timezone,
      ...(i.label !== undefined && { label: i.label }),
      current: i.current,
    },
    ...(i.team && { team: { ledger: i.team.ledger, teamWide: TEAM_WIDE_PARTS, local: LOCAL_PARTS } }),
    cost: i.costByDay && {
      totalUsd: picoToUsd(i.costByDay.totals.costPico),
      dailyUsd: i.costByDay.groups.map((g) => ({ day: g.key, usd: picoToUsd(g.costPico) })),
      models: (i.costByModel?.groups ?? []).map((g) => ({ model: g.key, usd: picoToUsd(g.costPico) })),
      ...(i.claudeCode && {
        claudeCode: {
          sessions: i.claudeCode.sessions,
          agreeing: i.claudeCode.agreeing,
          oursUsd: picoToUsd(i.claudeCode.oursPico),
          reportedUsd: picoToUsd(i.claudeCode.reportedPico),
          differenceUsd: picoToUsd(i.claudeCode.differencePico),
        },
      }),
    },
    budget: i.budget && {
      month: i.budget.month,
      spentUsd: picoToUsd(i.budget.spentPico),
      budgetUsd: picoToUsd(i.budget.budgetPico),
      projectedUsd: picoToUsd(i.budget.projectedPico),
      alerts: i.budget.alerts,
    },
    // With --team, every machine's runs (no trend: that is local, from the hooks' records).
    agents: i.teamAgents
      ? agentLines(i).map(({ costPico, ...a }) => ({ ...a, costUsd: picoToUsd(costPico) }))
      : i.metrics.agents.map((a) => ({
          agent: a.agentType,
          invocations: a.invocations,
          successRate: a.successRate,
          trend: a.trend,
          avgDurationMs: a.avgDurationMs,
          costUsd: picoToUsd(a.costPico),
        })),
    buckets: i.metrics.buckets,
    latency: i.metrics.latency,
    cache: i.cache,
    gates: i.metrics.gates,
    savings: savingsJson(i.savings),
    suggestions: i.suggestions.map((s) => ({
      ...s,
      estimatedSavingPico: s.estimatedSavingPico.toString(),
      estimatedSavingUsd: picoToUsd(s.estimatedSavingPico),
    })),
    notes: i.notes,
  };
}

/** The dashboard in at most 80 columns. */
export function renderDashboard(i: Insights, color: boolean): string {
  const p = painter(color);
  const lines: string[] = [];
  const h = (title: string) => lines.push("", p.bold(title));
  const span = i.label ?? (i.current ? `last ${i.days} days` : `${i.days} days`);
  lines.push(p.bold(`Vextrus — ${span} (${i.from} → ${i.to}, ${i.timezone})`));
  h(i.team ? `Cost — team-wide (${i.team.ledger})` : "Cost");
  if (i.costByDay) {
    const daily = i.costByDay.groups.map((g) => picoToUsd(g.costPico));
    lines.push(
      `  ${formatUsd(i.costByDay.totals.costPico)} in ${i.costByDay.totals.requests} requests  ${sparkline(daily)}`,
    );
    const total = i.costByModel?.totals.costPico ?? 0n;
    for (const m of (i.costByModel?.groups ?? []).slice(0, 4)) {
      const share = total === 0n ? 0 : Number((m.costPico * 1000n) / total) / 10;
      lines.push(
        `  ${pad(m.key, 34)} ${formatUsd(m.costPico).padStart(12)} ${share.toFixed(1).padStart(5)}%`,
      );
    }
  } else lines.push(p.dim("  no transcripts"));
  if (i.claudeCode) {
    // The figure two sources agree on is the one to trust; a difference points at unpriced models or overrides.
    const c = i.claudeCode;
    const diff =
      c.differencePico < 0n ? `-${formatUsd(-c.differencePico)}` : `+${formatUsd(c.differencePico)}`;
    lines.push(
      `  Claude Code reported ${c.sessions} session${c.sessions === 1 ? "" : "s"}: ${formatUsd(c.reportedPico)}, ours ${formatUsd(c.oursPico)} (${diff}); ${c.agreeing} agree to the cent`,
    );
  }
  if (i.budget) {
    const b = i.budget;
    lines.push(
      `  Budget ${b.month}: ${formatUsd(b.spentPico)} of ${formatUsd(b.budgetPico)} (${b.usedPct.toFixed(1)}%), projected ${formatUsd(b.projectedPico)}`,
    );
    for (const a of b.alerts) {
      const [first = "", ...rest] = wrap(a.message, 74);
      lines.push(
        `  ${a.level === "critical" ? p.red("✖") : p.yellow("⚠")} ${first}`,
        ...rest.map((l) => `    ${l}`),
      );
    }
  }
  h("Savings");
  const sentence = i.savings.sentence;
  lines.push(...wrap(`${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}`, 76).map((l) => `  ${l}`));
  if (i.teamAgents) {
    h("Agents — team-wide");
    if (i.teamAgents.length === 0) lines.push(p.dim("  no subagent runs in the team ledger for this period"));
    for (const a of agentLines(i).slice(0, 6)) {
      const avg = a.avgDurationMs === null ? "—" : `${Math.round(a.avgDurationMs / 1000)} s`;
      lines.push(
        `  ${pad(a.agent, 24)} ${String(a.invocations).padStart(6)} runs  ${pct(a.successRate).padStart(6)} ok  ${pad(`avg ${avg}`, 12)} ${formatUsd(a.costPico).padStart(10)}`,
      );
    }
  } else {
    h("Agents");
    const agents = [...i.metrics.agents].sort((a, b) => b.invocations - a.invocations).slice(0, 6);
    if (agents.length === 0)
      lines.push(p.dim("  no subagent runs in this period (hooks' records and transcripts: see the note)"));
    for (const a of agents) {
      lines.push(
        `  ${pad(a.agentType, 24)} ${String(a.invocations).padStart(6)} runs  ${pct(a.successRate).padStart(6)} ok  ${pad(a.trend.direction, 12)} ${formatUsd(a.costPico).padStart(10)}`,
      );
    }
  }
  const buckets = Object.entries(i.metrics.buckets).map(([k, v]) => `${k}: ${v.length}`);
  lines.push(`  Success buckets${i.teamAgents ? " (this project)" : ""}  ${buckets.join("  ")}`);
  h("Latency and cache");
  const l = i.metrics.latency;
  lines.push(
    `  cold p50 ${l.cold.p50Ms ?? "—"} ms, p95 ${l.cold.p95Ms ?? "—"} ms; cached p50 ${l.cached.p50Ms ?? "—"} ms, p95 ${l.cached.p95Ms ?? "—"} ms`,
  );
  lines.push(
    `  cache hit rate ${pct(i.cache?.hitRate ?? null)} (${i.cache?.hits ?? 0} hits, ${i.cache?.misses ?? 0} misses, ${i.cache?.entries ?? 0} entries)`,
    `  cache stored share ${pct(i.cache?.storedShare ?? null)} of finished runs (why not: vextrus cache stats)`,
  );
  h("Quality gates");
  if (i.metrics.gates.length === 0)
    lines.push(p.dim("  no gate runs recorded yet (vextrus gates records them)"));
  // Every gate that ran or was due, so a gate skipped on every run shows as such next to those that passed.
  for (const g of i.metrics.gates) {
    const notRun = g.skipped + g.cancelled;
    lines.push(
      `  ${pad(g.gate, 20)} ${String(g.runs).padStart(5)} runs  ${pct(g.passRate).padStart(6)} pass  avg ${g.avgDurationMs === null ? "—" : `${Math.round(g.avgDurationMs)} ms`}${notRun > 0 ? `  ${notRun} not run` : ""}`,
    );
  }
  h("Suggestions");
  if (i.suggestions.length === 0) lines.push(p.dim("  none: nothing in the data calls for a change"));
  for (const s of i.suggestions) {
    lines.push(...wrap(`[${s.priority}] ${s.message}`, 76).map((l) => `  ${l}`));
    lines.push(
      ...wrap(`saves ~${formatUsd(s.estimatedSavingPico)}: ${s.action}`, 72).map((l) => `      ${l}`),
    );
  }
  for (const n of i.notes) lines.push(...wrap(`note: ${n}`, 78).map((l) => p.dim(l)));
  return `${lines.join("\n")}\n`;
}

export async function runDashboard(
  ctx: CliContext,
  options: { json?: boolean; days: number; team?: boolean } & Omit<PeriodOptions, "month" | "week">,
): Promise<number> {
  // The last --days days unless --since/--until name them; a bad day is refused before anything is read.
  const insights = await loadInsights(ctx, insightsPeriod(ctx, options, { days: options.days }), {
    team: options.team === true,
  });
  ctx.stdout(
    options.json
      ? `${JSON.stringify(dashboardJson(insights), null, 2)}\n`
      : renderDashboard(insights, ctx.color),
  );
  return 0;
}
