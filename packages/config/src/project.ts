import { dirname, join, resolve } from "node:path";
import type { ConfigFs, Env } from "./io.js";

/**
 * The project a command or hook works for: `$CLAUDE_PROJECT_DIR` (Claude Code sets it for hooks), else the nearest
 * folder at or above `cwd` holding `.claude/` or `.git`, else undefined: not a project, so nothing may be written.
 */
export function findProjectRoot(options: { cwd: string; env: Env; fs: ConfigFs }): string | undefined {
  const { cwd, env, fs } = options;
  if (env.CLAUDE_PROJECT_DIR) return resolve(cwd, env.CLAUDE_PROJECT_DIR);
  for (let dir = resolve(cwd); ; ) {
    if (fs.exists(join(dir, ".claude")) || fs.exists(join(dir, ".git"))) return dir;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}
