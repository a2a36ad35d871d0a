import { existsSync, readFileSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CliContext } from "../../context.js";
import { HOOK_BIN, LOCAL_HOOK_BIN, shellQuote } from "../../settings/hooks.js";

/** The hook the CLI package ships beside `vextrus` (package.json `bin`). */
const SHIPPED_HOOK = join("bin", "vextrus-hook.cjs");

export interface HookLauncher {
  /** What settings.json will run, before ` <Event>`. */
  command: string;
  /** Where it was found, for the person reading init's output; "forced": nowhere, written anyway (--force). */
  source: "path" | "project" | "shipped" | "forced";
}

function isOurPackage(dir: string): boolean {
  try {
    return (
      (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: unknown }).name ===
      "@vextrus/cli"
    );
  } catch {
    return false;
  }
}

/**
 * The `bin/vextrus-hook.cjs` of the CLI package this code runs from, or undefined when that package has none. Found
 * by walking up from this module to the package's own package.json, so it holds for the bundle (`dist/*.js`), the
 * sources under test (`src/commands/init/`), and a `vextrus` reached through a symlink (the real path is used).
 */
export function shippedHook(moduleUrl: string = import.meta.url): string | undefined {
  let dir = dirname(realpathSync(fileURLToPath(moduleUrl)));
  for (;;) {
    if (isOurPackage(dir)) {
      const hook = join(dir, SHIPPED_HOOK);
      return existsSync(hook) ? hook : undefined;
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/**
 * How Claude Code will start the hook, in order: `vextrus-hook` when it is on the PATH Claude Code inherits (a
 * global install); the project's own `node_modules/.bin/vextrus-hook` (a dev dependency, portable across clones);
 * else the hook shipped with this CLI by absolute path (a checkout, or an install not on PATH). Undefined when
 * none exists.
 */
export function findHookLauncher(
  ctx: CliContext,
  projectRoot: string,
  shipped = shippedHook(),
): HookLauncher | undefined {
  const onPath = (ctx.env.PATH ?? "").split(":").some((dir) => dir !== "" && existsSync(join(dir, HOOK_BIN)));
  if (onPath) return { command: HOOK_BIN, source: "path" };
  if (existsSync(join(projectRoot, "node_modules", ".bin", HOOK_BIN)))
    return { command: LOCAL_HOOK_BIN, source: "project" };
  if (shipped !== undefined) return { command: shellQuote(shipped), source: "shipped" };
  return undefined;
}
