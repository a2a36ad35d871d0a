import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { type CliContext, CliError, projectRoot } from "../../context.js";
import {
  isObject,
  type JsonObject,
  readSettings,
  SHARED_SETTINGS,
  writeSettings,
} from "../../settings/file.js";
import { shellQuote } from "../../settings/hooks.js";
import { shippedHook } from "./launcher.js";

export interface StatuslineInitOptions {
  dryRun?: boolean;
  uninstall?: boolean;
  /** Replace a status line someone else set. */
  force?: boolean;
}

const BIN = "vextrus";
const LOCAL_BIN = '"$CLAUDE_PROJECT_DIR"/node_modules/.bin/vextrus';

/**
 * How Claude Code will start `vextrus statusline`, found the way the hooks' launcher is (init/launcher.ts): `vextrus`
 * on PATH, else the project's own node_modules/.bin, else this CLI's bin/vextrus.js by absolute path.
 */
export function statuslineCommand(ctx: CliContext, root: string): string | undefined {
  const onPath = (ctx.env.PATH ?? "").split(":").some((dir) => dir !== "" && existsSync(join(dir, BIN)));
  if (onPath) return `${BIN} statusline`;
  if (existsSync(join(root, "node_modules", ".bin", BIN))) return `${LOCAL_BIN} statusline`;
  const hook = shippedHook();
  const bin = hook === undefined ? undefined : join(dirname(hook), "vextrus.js");
  return bin !== undefined && existsSync(bin) ? `${shellQuote(bin)} statusline` : undefined;
}

/** A statusLine this command wrote: a command that runs `vextrus … statusline`. */
function isOurs(value: unknown): boolean {
  return (
    isObject(value) &&
    typeof value.command === "string" &&
    /(^|[/'"\s])vextrus(\.js)?'? statusline$/.test(value.command.trim())
  );
}

/**
 * `vextrus init --statusline`: Claude Code's `statusLine` setting (type command) in .claude/settings.json, running
 * `vextrus statusline`. A status line someone else set is kept unless --force; --uninstall removes only ours.
 */
export async function runInitStatusline(ctx: CliContext, opts: StatuslineInitOptions): Promise<number> {
  const root = projectRoot(ctx);
  const file = readSettings(ctx, SHARED_SETTINGS);
  const current = file.data.statusLine;
  const label = file.label;
  let after: JsonObject;
  let done: string;
  if (opts.uninstall) {
    if (!isOurs(current)) {
      ctx.stdout(`${label}: no vextrus status line to remove\n`);
      return 0;
    }
    const { statusLine: _removed, ...rest } = file.data;
    after = rest;
    done = "vextrus status line removed";
  } else {
    const command = statuslineCommand(ctx, root);
    if (command === undefined)
      throw new CliError(
        "vextrus is neither on PATH nor in this project's node_modules/.bin, so Claude Code could not run the status line; nothing written. Install it with `npm install -g @vextrus/cli`",
      );
    if (current !== undefined && !isOurs(current) && !opts.force) {
      const theirs = isObject(current) && typeof current.command === "string" ? ` (${current.command})` : "";
      throw new CliError(
        `${label}: a status line is already set${theirs}; kept it. Use --statusline --force to replace it with vextrus statusline`,
      );
    }
    const wanted = { type: "command", command };
    if (isObject(current) && JSON.stringify(current) === JSON.stringify(wanted)) {
      ctx.stdout(`${label}: vextrus status line already in place, no change\n`);
      return 0;
    }
    after = { ...file.data, statusLine: wanted };
    done = `status line set to \`${command}\``;
  }
  if (opts.dryRun) {
    ctx.stdout(
      `${label}: ${done.replace(/^status line set/, "status line would be set").replace(/removed$/, "would be removed")}\ndry run: nothing written\n`,
    );
    return 0;
  }
  writeSettings(file, after);
  ctx.stdout(`${label}: ${done}\n`);
  return 0;
}
