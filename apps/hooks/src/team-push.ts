import { existsSync, readFileSync, realpathSync } from "node:fs";
import { hostname, userInfo } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readProjectSettings, readTeamSettings, resolveTeamTarget } from "@vextrus/config";
import { nodeFs } from "@vextrus/config/node";
import type { HookContext } from "./context.js";

/** What the detached push is told on its command line (one JSON argument). */
export interface TeamPushJob {
  url: string;
  user: string;
  machine: string;
  /** The user's cost ledger (SQLite), which the SessionEnd hook has just brought up to date. */
  ledger: string;
  projectRoot: string;
  stateDir: string;
  home: string;
}

function loginName(env: Record<string, string | undefined>): string {
  try {
    return userInfo().username;
  } catch {
    return env.USER ?? env.LOGNAME ?? "unknown";
  }
}

/**
 * `dist/team-push.js` of this package, found by walking up to its package.json: the code calling this may be in a
 * bundle's chunk (`dist/`, `dist/events/`) or in the sources under test, and the push always runs the build.
 */
function pushEntry(): string | undefined {
  let dir = dirname(realpathSync(fileURLToPath(import.meta.url)));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: unknown };
      if (pkg.name === "@vextrus/hooks") {
        const entry = join(dir, "dist", "team-push.js");
        return existsSync(entry) ? entry : undefined;
      }
    } catch {
      // no package.json here: keep walking up
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/**
 * With `optimization.team.sync_on: "session_end"`, starts the push to the team ledger in a detached process and
 * returns at once: the session never waits on the network. A push that fails is logged in the project's hooks.log
 * and its requests go with the next push (the sync resumes from the last batch that landed).
 */
export async function queueTeamPush(ctx: HookContext): Promise<void> {
  const { optimization } = readProjectSettings({
    fs: nodeFs,
    projectRoot: ctx.projectRoot,
    mode: "lenient",
    note: () => {}, // the event's own settings read has reported these already
  });
  const read = readTeamSettings(optimization.team);
  if (read.settings.sync_on !== "session_end") return;
  for (const problem of [...read.errors, ...read.warnings]) ctx.note(problem);
  const target = resolveTeamTarget(read.settings, {
    env: ctx.env,
    userName: loginName(ctx.env),
    hostName: hostname(),
  });
  if (!target) {
    ctx.note(
      'optimization.team.sync_on is "session_end" but no ledger is named: set optimization.team.ledger_url or VEXTRUS_LEDGER',
    );
    return;
  }
  const entry = pushEntry();
  if (!entry) {
    ctx.note("the team push is not built (dist/team-push.js is missing); run `vextrus sync` instead");
    return;
  }
  const job: TeamPushJob = {
    url: target.url,
    user: target.user,
    machine: target.machine,
    ledger: ctx.ledger,
    projectRoot: ctx.projectRoot,
    stateDir: ctx.stateDir,
    home: ctx.home,
  };
  const { spawn } = await import("node:child_process");
  // Detached, no pipes, unref'd: Claude Code's wait for this hook ends when this process exits, not the push.
  // cwd "/": the push must not keep the project's folder busy.
  spawn(process.execPath, [entry, JSON.stringify(job)], {
    detached: true,
    stdio: "ignore",
    cwd: "/",
    env: ctx.env,
  }).unref();
}
