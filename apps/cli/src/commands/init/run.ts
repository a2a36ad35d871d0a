import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { checkStateDir, ensureStateDir } from "@vextrus/config/node";
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from "diff";
import { type CliContext, CliError, projectRoot, stateDir } from "../../context.js";
import {
  type JsonObject,
  readSettings,
  renderSettings,
  type SettingsFile,
  SHARED_SETTINGS,
  writeSettings,
} from "../../settings/file.js";
import { HOOK_BIN, installHooks, OUR_HOOKS, uninstallHooks } from "../../settings/hooks.js";
import { findHookLauncher, type HookLauncher } from "./launcher.js";

export interface InitOptions {
  dryRun?: boolean;
  uninstall?: boolean;
  /** Install the hooks although no `vextrus-hook` was found. */
  force?: boolean;
}

/** Everything init is about to do, decided before anything is written: the dry run shows it, the real run does it. */
interface InitPlan {
  file: SettingsFile;
  after: JsonObject;
  changed: boolean;
  /** The launcher written into the hook commands (undefined for --uninstall). */
  launcher?: HookLauncher;
  state: string;
  stateLabel: string;
}

/**
 * What init would do, or the refusal it would make (a CliError), for the real run and the dry run alike, so a dry
 * run can never promise what the real one then refuses.
 */
function planInit(ctx: CliContext, opts: InitOptions): InitPlan {
  const root = projectRoot(ctx);
  let launcher: HookLauncher | undefined;
  if (!opts.uninstall) {
    launcher = findHookLauncher(ctx, root);
    // A hook command that does not exist makes Claude Code report an error on every event: never install that.
    if (launcher === undefined && !opts.force)
      throw new CliError(
        "vextrus-hook is neither on PATH, nor in this project's node_modules/.bin, nor shipped with this vextrus, so Claude Code could not run the hooks; nothing written. Install it with `npm install -g @vextrus/cli` (or `npm install -D @vextrus/cli` in the project), or use --force to write the hooks anyway",
      );
    launcher ??= { command: HOOK_BIN, source: "forced" };
  }
  const file = readSettings(ctx, SHARED_SETTINGS);
  let after: JsonObject;
  try {
    after = launcher === undefined ? uninstallHooks(file.data) : installHooks(file.data, launcher.command);
  } catch (error) {
    throw new CliError(
      `${file.label}: ${(error as Error).message}; fix it by hand, then run vextrus init again`,
    );
  }
  const state = stateDir(ctx);
  if (!opts.uninstall) checkStateDir(state);
  return {
    file,
    after,
    // Same data, whatever its formatting, is no change (a second init leaves the file byte-identical); a missing
    // file is created by init, and left missing by --uninstall.
    changed: file.exists ? JSON.stringify(after) !== JSON.stringify(file.data) : !opts.uninstall,
    ...(launcher && { launcher }),
    state,
    stateLabel: relative(root, state) || state,
  };
}

/** Only the lines that change, with 3 lines of context; the file as it is on disk against what would be written. */
function settingsDiff(plan: InitPlan): string {
  const { file } = plan;
  return createTwoFilesPatch(
    `a/${file.label}`,
    `b/${file.label}`,
    file.text,
    renderSettings(file, plan.after),
    undefined,
    undefined,
    { context: 3, headerOptions: FILE_HEADERS_ONLY },
  );
}

/** `…: vextrus hooks added for SessionStart, … (command: vextrus-hook <Event>)`, and where a shipped hook lives. */
function addedLine(plan: InitPlan, verb: string): string {
  const launcher = plan.launcher;
  let out = `${plan.file.label}: vextrus hooks ${verb} for ${OUR_HOOKS.map((h) => h.event).join(", ")} (command: ${launcher?.command ?? HOOK_BIN} <Event>)\n`;
  if (launcher?.source === "shipped")
    out +=
      "note: vextrus-hook is not on PATH, so the hooks run the one shipped with this vextrus by its absolute path, which holds on this machine only; put vextrus-hook on PATH and run vextrus init again before sharing .claude/settings.json\n";
  return out;
}

export async function runInit(ctx: CliContext, opts: InitOptions): Promise<number> {
  const plan = planInit(ctx, opts);
  const { file } = plan;

  if (opts.dryRun) {
    if (!plan.changed) ctx.stdout(`${file.label}: no change\n`);
    else {
      ctx.stdout(settingsDiff(plan));
      ctx.stdout(
        opts.uninstall
          ? `${file.label}: vextrus hooks would be removed\n`
          : addedLine(plan, "would be added"),
      );
    }
    if (!opts.uninstall && !existsSync(join(plan.state, ".gitignore")))
      ctx.stdout(`would create ${plan.stateLabel}/ (mode 0700, git-ignored)\n`);
    ctx.stdout("dry run: nothing written\n");
    return 0;
  }

  const wrote = plan.changed ? writeSettings(file, plan.after) : false;
  if (opts.uninstall) {
    ctx.stdout(
      wrote ? `${file.label}: vextrus hooks removed\n` : `${file.label}: no vextrus hooks to remove\n`,
    );
    return 0;
  }
  const created = ensureStateDir(plan.state);
  ctx.stdout(wrote ? addedLine(plan, "added") : `${file.label}: vextrus hooks already in place, no change\n`);
  if (created.length > 0) ctx.stdout(`created ${plan.stateLabel}/ (mode 0700, git-ignored)\n`);
  return 0;
}
