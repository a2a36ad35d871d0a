import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { type CliContext, CliError, projectRoot, stateDir } from "../../context.js";
import { unifiedDiff } from "../../settings/diff.js";
import { readSettings, renderSettings, SHARED_SETTINGS, writeSettings } from "../../settings/file.js";
import { installHooks, OUR_HOOKS, uninstallHooks } from "../../settings/hooks.js";

export interface InitOptions {
  dryRun?: boolean;
  uninstall?: boolean;
  /** Install the hooks although `vextrus-hook` is not on PATH. */
  force?: boolean;
}

/** Whether a `vextrus-hook` executable is on the PATH Claude Code will see (this process's). */
function hookOnPath(env: Record<string, string | undefined>): boolean {
  return (env.PATH ?? "").split(":").some((dir) => dir !== "" && existsSync(join(dir, "vextrus-hook")));
}

/** `.claude/state/`, mode 0700, with a `.gitignore` keeping it out of git. Returns what it created. */
function ensureStateDir(dir: string): string[] {
  const created: string[] = [];
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    created.push(dir);
  }
  const ignore = join(dir, ".gitignore");
  if (!existsSync(ignore)) {
    writeFileSync(ignore, "*\n", { mode: 0o600 });
    created.push(ignore);
  }
  return created;
}

export async function runInit(ctx: CliContext, opts: InitOptions): Promise<number> {
  // A hook command that does not exist makes Claude Code report an error on every event: never install that.
  if (!opts.uninstall && !opts.dryRun && !opts.force && !hookOnPath(ctx.env)) {
    throw new CliError(
      "vextrus-hook is not on PATH, so Claude Code could not run the hooks (the hook adapter ships in a later release); nothing written. Use --dry-run to see the change, or --force to write it anyway",
    );
  }
  const file = readSettings(ctx, SHARED_SETTINGS);
  let after: Record<string, unknown>;
  try {
    after = opts.uninstall ? uninstallHooks(file.data) : installHooks(file.data);
  } catch (error) {
    throw new CliError(
      `${file.label}: ${(error as Error).message}; fix it by hand, then run vextrus init again`,
    );
  }
  const unchanged = file.exists && JSON.stringify(after) === JSON.stringify(file.data);
  const state = stateDir(ctx);
  const stateLabel = relative(projectRoot(ctx), state) || state;

  if (opts.dryRun) {
    if (unchanged) ctx.stdout(`${file.label}: no change\n`);
    else
      ctx.stdout(unifiedDiff(file.text, renderSettings(file, after), `a/${file.label}`, `b/${file.label}`));
    if (!opts.uninstall && !existsSync(join(state, ".gitignore")))
      ctx.stdout(`would create ${stateLabel}/ (mode 0700) with a .gitignore\n`);
    ctx.stdout("dry run: nothing written\n");
    return 0;
  }

  const wrote = unchanged ? false : writeSettings(file, after);
  if (opts.uninstall) {
    ctx.stdout(
      wrote ? `${file.label}: vextrus hooks removed\n` : `${file.label}: no vextrus hooks to remove\n`,
    );
    return 0;
  }
  const created = ensureStateDir(state);
  ctx.stdout(
    wrote
      ? `${file.label}: vextrus hooks added for ${OUR_HOOKS.map((h) => h.event).join(", ")}\n`
      : `${file.label}: vextrus hooks already in place, no change\n`,
  );
  if (created.length > 0) ctx.stdout(`created ${stateLabel}/ (mode 0700, git-ignored)\n`);
  return 0;
}
