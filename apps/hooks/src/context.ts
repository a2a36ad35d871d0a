import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { HookInput, Validators } from "./input.js";
import type { StorePool } from "./store-pool.js";

/** What a hook takes from the outside world, so tests hand in their own. */
export interface HookEnv {
  env: Record<string, string | undefined>;
  home: string;
  now: () => Date;
  /** The hook process's working folder when the input names none; default this process's. */
  cwd?: string;
  /** The daemon's open stores; without it each event opens and closes the stores it uses. */
  pool?: StorePool;
}

export interface HookContext extends HookEnv {
  event: string;
  input: HookInput;
  /** `$CLAUDE_PROJECT_DIR` (Claude Code sets it), else the nearest folder up from `cwd` with `.claude/` or `.git`. */
  projectRoot: string;
  /** `$VEXTRUS_STATE_DIR`, else `<project>/.claude/state`. */
  stateDir: string;
  /** A short note for the person at the terminal (stderr); at most a few per event. */
  note: (message: string) => void;
  /** zod/mini checks of the inputs only some events read (`tool_input`, `tool_response`). */
  validate: Validators;
}

/** Undefined when there is neither: not a project this hook should write state into. */
export function findProjectRoot(env: HookEnv["env"], cwd: string | undefined): string | undefined {
  if (env.CLAUDE_PROJECT_DIR) return resolve(env.CLAUDE_PROJECT_DIR);
  for (let dir = resolve(cwd || process.cwd()); ; ) {
    if (existsSync(join(dir, ".claude")) || existsSync(join(dir, ".git"))) return dir;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

export function findStateDir(env: HookEnv["env"], projectRoot: string): string {
  return env.VEXTRUS_STATE_DIR
    ? resolve(projectRoot, env.VEXTRUS_STATE_DIR)
    : join(projectRoot, ".claude", "state");
}

/**
 * The state folder as `vextrus init` makes it (0700, git-ignored), before any event writes to it: hooks can be
 * registered for every project (user settings), and a database must never end up in someone's commit.
 */
export function ensureStateDir(stateDir: string): void {
  if (existsSync(join(stateDir, ".gitignore"))) return;
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  writeFileSync(join(stateDir, ".gitignore"), "# Vextrus state: local databases and logs\n*\n", {
    mode: 0o600,
  });
}
