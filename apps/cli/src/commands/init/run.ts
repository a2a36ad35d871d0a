import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { type CliContext, CliError, projectRoot, stateDir } from "../../context.js";
import { unifiedDiff } from "../../settings/diff.js";
import { readSettings, renderSettings, SHARED_SETTINGS, writeSettings } from "../../settings/file.js";
import { HOOK_BIN, installHooks, LOCAL_HOOK_BIN, OUR_HOOKS, uninstallHooks } from "../../settings/hooks.js";

export interface InitOptions {
  dryRun?: boolean;
  uninstall?: boolean;
  /** Install the hooks although `vextrus-hook` is not on PATH. */
  force?: boolean;
}

/**
 * How Claude Code will start the hook: `vextrus-hook` when it is on the PATH Claude Code inherits (a global
 * install), else the project's own `node_modules/.bin/vextrus-hook` (a dev dependency), else undefined.
 */
function hookLauncher(ctx: CliContext): string | undefined {
  const onPath = (ctx.env.PATH ?? "").split(":").some((dir) => dir !== "" && existsSync(join(dir, HOOK_BIN)));
  if (onPath) return HOOK_BIN;
  if (existsSync(join(projectRoot(ctx), "node_modules", ".bin", HOOK_BIN))) return LOCAL_HOOK_BIN;
  return undefined;
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
  const launcher = hookLauncher(ctx);
  if (!opts.uninstall && !opts.dryRun && !opts.force && launcher === undefined) {
    throw new CliError(
      "vextrus-hook is neither on PATH nor in this project's node_modules/.bin, so Claude Code could not run the hooks; nothing written. Install it with `npm install -g @vextrus/cli` (or `npm install -D @vextrus/cli` in the project), or use --force to write the hooks anyway",
    );
  }
  const file = readSettings(ctx, SHARED_SETTINGS);
  let after: Record<string, unknown>;
  try {
    after = opts.uninstall ? uninstallHooks(file.data) : installHooks(file.data, launcher ?? HOOK_BIN);
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
      ? `${file.label}: vextrus hooks added for ${OUR_HOOKS.map((h) => h.event).join(", ")} (command: ${launcher ?? HOOK_BIN} <Event>)\n`
      : `${file.label}: vextrus hooks already in place, no change\n`,
  );
  if (created.length > 0) ctx.stdout(`created ${stateLabel}/ (mode 0700, git-ignored)\n`);
  return 0;
}
