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
  /** The project's state folder (`projectStateDir` of @vextrus/config). */
  stateDir: string;
  /** The user's cost ledger, shared by every project (`statePaths().ledger` of @vextrus/config). */
  ledger: string;
  /** A short note for the person at the terminal (stderr); at most a few per event. */
  note: (message: string) => void;
  /** zod/mini checks of the inputs only some events read (`tool_input`, `tool_response`). */
  validate: Validators;
}
