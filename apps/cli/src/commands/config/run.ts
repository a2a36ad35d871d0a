import { effectiveValues, FEATURES, type FeatureName, isFeature, readProjectSettings } from "@vextrus/config";
import { nodeFs } from "@vextrus/config/node";
import { type CliContext, CliError, findProject } from "../../context.js";
import { isObject, LOCAL_SETTINGS, readSettings, writeSettings } from "../../settings/file.js";

/**
 * The defaults overlaid by the project's two settings files, each value with its source. The defaults come from the
 * libraries' schemas, so they load only here (show, validate, rollback --list), not for every command.
 */
async function effectiveOptimization(ctx: CliContext) {
  const { DEFAULT_OPTIMIZATION } = await import("@vextrus/config/checked");
  const settings = readProjectSettings({
    fs: nodeFs,
    projectRoot: findProject(ctx),
    defaults: DEFAULT_OPTIMIZATION,
    mode: "strict",
  });
  return { ...settings, values: effectiveValues(settings) };
}

function show(value: unknown): string {
  return JSON.stringify(value);
}

export async function runConfigShow(ctx: CliContext, opts: { json?: boolean }): Promise<number> {
  const effective = await effectiveOptimization(ctx);
  if (opts.json) {
    const sources = Object.fromEntries(effective.values.map((v) => [v.path, v.source]));
    ctx.stdout(`${JSON.stringify({ optimization: effective.optimization, sources }, null, 2)}\n`);
    return 0;
  }
  const width = Math.max(...effective.values.map((v) => v.path.length));
  const valueWidth = Math.min(40, Math.max(...effective.values.map((v) => show(v.value).length)));
  for (const v of effective.values)
    ctx.stdout(`${v.path.padEnd(width)}  ${show(v.value).padEnd(valueWidth)}  ${v.source}\n`);
  return 0;
}

export async function runConfigValidate(ctx: CliContext): Promise<number> {
  const { files, optimization } = await effectiveOptimization(ctx);
  const { validateOptimization } = await import("@vextrus/config/checked");
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const file of files) {
    const result = validateOptimization(file.data.optimization);
    errors.push(...result.errors.map((line) => `${file.label}: ${line}`));
    warnings.push(...result.warnings.map((line) => `${file.label}: ${line}`));
  }
  // Each file may be fine alone and the two together not (a threshold in one, another in the other).
  if (errors.length === 0) {
    const merged = validateOptimization(optimization);
    errors.push(...merged.errors.map((line) => `settings.json + settings.local.json: ${line}`));
  }
  for (const line of warnings) ctx.stdout(`warning: ${line}\n`);
  if (errors.length === 0) {
    ctx.stdout("valid\n");
    return 0;
  }
  for (const line of errors) ctx.stdout(`error: ${line}\n`);
  ctx.stdout(`invalid: ${errors.length} problem${errors.length === 1 ? "" : "s"}\n`);
  return 1;
}

function unknownFeature(name: string): CliError {
  return new CliError(`unknown feature "${name}"; valid features: ${Object.keys(FEATURES).join(", ")}`);
}

/** Writes `optimization.<section>.<key> = value` into `.claude/settings.local.json`, keeping everything else. */
function setFlag(ctx: CliContext, feature: FeatureName, value: boolean): string {
  const [section, key] = FEATURES[feature];
  const file = readSettings(ctx, LOCAL_SETTINGS);
  const optimization = file.data.optimization ?? {};
  if (!isObject(optimization)) throw new CliError(`${file.label}: optimization: expected an object`);
  const block = optimization[section] ?? {};
  if (!isObject(block)) throw new CliError(`${file.label}: optimization.${section}: expected an object`);
  writeSettings(file, {
    ...file.data,
    optimization: { ...optimization, [section]: { ...block, [key]: value } },
  });
  return `${file.label}: optimization.${section}.${key} = ${value}`;
}

export async function runRollback(
  ctx: CliContext,
  feature: string | undefined,
  opts: { list?: boolean; undo?: string },
): Promise<number> {
  if (opts.list) {
    const { values } = await effectiveOptimization(ctx);
    const width = Math.max(...Object.keys(FEATURES).map((name) => name.length));
    for (const [name, [section, key]] of Object.entries(FEATURES)) {
      const path = `optimization.${section}.${key}`;
      const found = values.find((v) => v.path === path);
      const state = found?.value === true ? "on " : found?.value === false ? "off" : show(found?.value);
      ctx.stdout(`${name.padEnd(width)}  ${state}  ${path} (${found?.source ?? "default"})\n`);
    }
    return 0;
  }
  if (opts.undo !== undefined) {
    if (feature !== undefined)
      throw new CliError("give either a feature to roll back or --undo <feature>, not both");
    if (!isFeature(opts.undo)) throw unknownFeature(opts.undo);
    ctx.stdout(`${opts.undo} back on (${setFlag(ctx, opts.undo, true)})\n`);
    return 0;
  }
  if (feature === undefined)
    throw new CliError(
      `name a feature to roll back, or use --list; valid features: ${Object.keys(FEATURES).join(", ")}`,
    );
  if (!isFeature(feature)) throw unknownFeature(feature);
  ctx.stdout(
    `${feature} rolled back (${setFlag(ctx, feature, false)}); undo with: vextrus rollback --undo ${feature}\n`,
  );
  return 0;
}
