import { isAbsolute, join, resolve } from "node:path";
import { DEFAULT_CACHE_FILE } from "@vextrus/cache/defaults";
import type { Env } from "./io.js";

/**
 * Every file and folder Vextrus keeps state in, by name. Project data (cache, metrics, tasks, the hooks' own files)
 * lives in the project state folder; the cost ledger, which covers every project's transcripts, in the user's.
 */
export const STATE_FILES = Object.freeze({
  /** Project: the agent-output cache (the cache library's own default name). */
  cache: DEFAULT_CACHE_FILE,
  /** Project: agent invocations and gate runs. */
  metrics: "metrics.db",
  /** Project: finished tasks, one JSON object per line. */
  tasks: "tasks.jsonl",
  /** Project: what went wrong in a hook, in full (rotated to `hooks.log.1`). */
  hookLog: "hooks.log",
  /** Project: the hooks' validated settings sections, remembered between events. */
  settingsMemo: "settings-validated.json",
  /** Project folder: background agents still running, one file each. */
  pendingAgents: "agents",
  /** Project folder: the open turn of each session. */
  turns: "turns",
  /** Project folder: the model the hooks chose for an `Agent` call, kept until the run ends (routing savings). */
  routedCalls: "routed",
  /** Project and user folders: keeps the folder out of git. */
  gitignore: ".gitignore",
  /** User: the cost ledger, one per user, shared by every project. */
  ledger: "cost-ledger.db",
  /** Project: where the ledger lived before it moved to the user folder. */
  projectLedger: "vextrus.db",
  /** Project: a project ledger once folded into the user ledger (kept, never read again). */
  migratedLedger: "vextrus.db.migrated",
});

export type StateFile = keyof typeof STATE_FILES;

/**
 * The project's state folder: `$VEXTRUS_STATE_DIR` (a relative one is taken from the project root, the same for the
 * CLI in a subfolder and for a hook), else `<project>/.claude/state`.
 */
export function projectStateDir(options: { projectRoot: string; env: Env }): string {
  const override = options.env.VEXTRUS_STATE_DIR;
  return override ? resolve(options.projectRoot, override) : join(options.projectRoot, ".claude", "state");
}

/**
 * The user's state folder, for data that belongs to no single project (the cost ledger):
 * `$VEXTRUS_USER_STATE_DIR`, else `$XDG_STATE_HOME/vextrus`, else `~/.local/state/vextrus`. A relative
 * XDG_STATE_HOME is ignored, as the XDG specification asks.
 */
export function userStateDir(options: { env: Env; home: string }): string {
  const { env, home } = options;
  if (env.VEXTRUS_USER_STATE_DIR) return resolve(home, env.VEXTRUS_USER_STATE_DIR);
  const xdg = env.XDG_STATE_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, "vextrus");
  return join(home, ".local", "state", "vextrus");
}

/** Where each state file of a project is; `ledger` is the user's. */
export interface StatePaths {
  projectRoot: string;
  projectDir: string;
  userDir: string;
  file(name: Exclude<StateFile, "ledger">): string;
  ledger: string;
}

export function statePaths(options: { projectRoot: string; env: Env; home: string }): StatePaths {
  const projectDir = projectStateDir(options);
  const userDir = userStateDir(options);
  return {
    projectRoot: options.projectRoot,
    projectDir,
    userDir,
    file: (name) => join(projectDir, STATE_FILES[name]),
    ledger: join(userDir, STATE_FILES.ledger),
  };
}
