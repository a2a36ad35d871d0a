import { assessChangeRisk, parseQualityConfig, type RiskAssessment, recommendGates } from "@vextrus/risk";
import { type ChangeScope, type GitChanges, readGitChanges } from "@vextrus/risk/git";
import { type CliContext, readOptimization } from "../../context.js";
import { painter, renderTable } from "../../format.js";

export interface RiskOptions {
  base?: string;
  staged?: boolean;
  production?: boolean;
  breaking?: boolean;
  json?: boolean;
}

export function scopeOf(options: { base?: string; staged?: boolean }): ChangeScope | undefined {
  if (options.staged) return { kind: "staged" };
  if (options.base) return { kind: "base", ref: options.base };
  return undefined;
}

export function describeScope(changes: GitChanges): string {
  const scope = changes.scope;
  if (scope.kind === "staged") return "staged changes";
  if (scope.kind === "worktree") return "uncommitted changes";
  return `changes since ${scope.ref} (merge-base ${changes.from.slice(0, 8)})`;
}

export async function runRisk(ctx: CliContext, options: RiskOptions): Promise<number> {
  const { config, rules, warnings } = parseQualityConfig(readOptimization(ctx).quality);
  for (const warning of warnings) ctx.stderr(`warning: ${warning}\n`);
  const changes = await readGitChanges({ cwd: ctx.cwd, scope: scopeOf(options) });
  const flags = { production: options.production === true, breaking: options.breaking === true };
  const risk = assessChangeRisk({ diff: changes.diff, files: changes.files, flags }, rules);
  const gates = recommendGates({ score: risk.score, files: risk.files }, config);
  if (options.json) {
    ctx.stdout(
      `${JSON.stringify({ scope: changes.scope, from: changes.from, root: changes.root, ...summary(risk), gates }, null, 2)}\n`,
    );
    return 0;
  }
  const paint = painter(ctx.color);
  const color = {
    minimal: paint.green,
    standard: paint.cyan,
    thorough: paint.yellow,
    comprehensive: paint.red,
  }[gates.level];
  let out = `${paint.bold("Risk")} of ${describeScope(changes)}: ${risk.stats.files} file(s), +${risk.stats.added} −${risk.stats.removed}, ${risk.stats.newFunctions} new function(s)\n`;
  out += `  Score  ${color(`${risk.score}/100`)} (${risk.level})${risk.uncapped > risk.score ? ` — uncapped ${risk.uncapped}` : ""}\n`;
  out += `  Gates  ${color(gates.level)}: ${gates.gates.join(", ")}${gates.parallel ? " (in parallel)" : ""}, tests on ${gates.testSubset}, about ${gates.timeEstimateMinutes} min\n`;
  if (gates.forcedBy) out += `  Forced ${gates.forcedBy}\n`;
  if (gates.skip.length > 0) out += `  Skips  ${gates.skip.join(", ")}\n`;
  if (risk.reasons.length > 0) {
    out += renderTable(
      ["Rule", "Points", "Evidence"],
      risk.reasons.map((r) => [r.rule, `+${r.points}`, r.evidence]),
      { numeric: [1], paint },
    );
  } else {
    out += paint.dim("  No rule fired.\n");
  }
  ctx.stdout(out);
  return 0;
}

function summary(risk: RiskAssessment) {
  return {
    score: risk.score,
    uncapped: risk.uncapped,
    level: risk.level,
    kind: risk.kind,
    reasons: risk.reasons,
    stats: risk.stats,
    files: risk.files.map((f) => ({
      path: f.path,
      ...(f.oldPath && { oldPath: f.oldPath }),
      status: f.status,
      added: f.added,
      removed: f.removed,
      newFunctions: f.newFunctions,
    })),
  };
}
