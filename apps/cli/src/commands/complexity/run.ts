import { parseComplexityRules, scoreTask, type TaskContext } from "@vextrus/complexity";
import { changeSize } from "@vextrus/risk";
import { readGitChanges } from "@vextrus/risk/git";
import { type CliContext, CliError, readOptimization } from "../../context.js";
import { painter, renderTable } from "../../format.js";
import { describeScope, scopeOf } from "../risk/run.js";

export interface ComplexityOptions {
  files?: string[];
  lines?: number;
  newFunctions?: number;
  production?: boolean;
  breaking?: boolean;
  /** Commander's negated `--no-git`. */
  git?: boolean;
  base?: string;
  staged?: boolean;
  json?: boolean;
}

export async function runComplexity(
  ctx: CliContext,
  description: string,
  options: ComplexityOptions,
): Promise<number> {
  if (!description.trim())
    throw new CliError('description: expected the task in words, e.g. vextrus complexity "Add refunds"');
  const { config, warnings } = parseComplexityRules(readOptimization(ctx).complexity);
  for (const warning of warnings) ctx.stderr(`warning: ${warning}\n`);
  const task: { -readonly [K in keyof TaskContext]: TaskContext[K] } = {
    description,
    affectsProduction: options.production === true,
    breakingChange: options.breaking === true,
  };
  let source = "the description";
  if (options.files?.length) {
    task.files = options.files;
    source = "the description and --files";
  } else if (options.git !== false) {
    // The task is what is being changed now: take the files, size and new functions from git when there is one.
    try {
      const changes = await readGitChanges({ cwd: ctx.cwd, scope: scopeOf(options) ?? { kind: "worktree" } });
      Object.assign(task, changeSize(changes));
      source = `the description and ${describeScope(changes)}`;
    } catch (error) {
      if ((error as { code?: string }).code !== "NOT_A_REPOSITORY") throw error;
    }
  }
  if (options.lines !== undefined) task.linesChanged = options.lines;
  if (options.newFunctions !== undefined) task.newFunctions = options.newFunctions;
  const result = scoreTask(task, config);
  if (options.json) {
    ctx.stdout(`${JSON.stringify({ ...result, input: { ...task, source } }, null, 2)}\n`);
    return 0;
  }
  const paint = painter(ctx.color);
  let out = `${paint.bold("Complexity")} from ${source}: ${task.files?.length ?? 0} file(s), ${task.linesChanged ?? 0} line(s), ${task.newFunctions ?? 0} new function(s)\n`;
  out += `  Score  ${paint.bold(`${result.score}/100`)}${result.uncapped > result.score ? ` (uncapped ${result.uncapped})` : ""}\n`;
  out += `  Model  ${paint.cyan(result.model)}\n`;
  if (result.reasons.length > 0) {
    out += renderTable(
      ["Rule", "Points", "Evidence"],
      result.reasons.map((r) => [r.rule, `+${r.points}`, r.evidence.join(", ")]),
      { numeric: [1], paint },
    );
  } else {
    out += paint.dim("  No rule fired: a small, local task.\n");
  }
  ctx.stdout(out);
  return 0;
}
