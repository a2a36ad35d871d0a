import { readdirSync, readFileSync } from "node:fs";
import { setTimeout as delay } from "node:timers/promises";

/** Time a process group gets to exit after SIGTERM before SIGKILL, as execa's `forceKillAfterDelay`. */
export const KILL_GRACE_MS = 5000;
/** After SIGKILL, how long to wait for the group to disappear before reporting it as surviving. */
const KILLED_WAIT_MS = 2000;
const POLL_MS = 20;

/** How a group ended: already empty, gone after SIGTERM, gone after SIGKILL, or still there (e.g. stuck in I/O). */
export type GroupTermination = "empty" | "terminated" | "killed" | "survived";

/**
 * Whether any process of group `pgid` still runs. Zombies do not count: they have exited and only wait to be
 * reaped, which an orphan's new parent may never do (a container whose PID 1 is not an init).
 */
export function processGroupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch (error) {
    // EPERM: members exist that we may not signal.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  return process.platform === "linux" ? hasLiveMember(pgid) : true;
}

function hasLiveMember(pgid: number): boolean {
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return true;
  }
  for (const entry of entries) {
    if (entry.charCodeAt(0) > 57) continue; // only the numeric entries are processes
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // exited since readdir
    }
    // "pid (comm) state ppid pgrp …", where comm may itself hold spaces and parentheses.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(pgrp) === pgid && state !== "Z" && state !== "X") return true;
  }
  return false;
}

/**
 * Stops every process of group `pgid`: SIGTERM (and SIGCONT, so stopped members see it), then SIGKILL to what is
 * left after `graceMs`. Resolves once the group is gone, so nothing of it outlives the gate. A group that is
 * already empty is not signalled at all: its id could by then belong to someone else.
 */
export async function terminateProcessGroup(
  pgid: number,
  options: { graceMs?: number; pollMs?: number } = {},
): Promise<GroupTermination> {
  const pollMs = options.pollMs ?? POLL_MS;
  if (!processGroupAlive(pgid)) return "empty";
  signalGroup(pgid, "SIGTERM");
  signalGroup(pgid, "SIGCONT");
  if (await waitUntilEmpty(pgid, options.graceMs ?? KILL_GRACE_MS, pollMs)) return "terminated";
  signalGroup(pgid, "SIGKILL");
  return (await waitUntilEmpty(pgid, KILLED_WAIT_MS, pollMs)) ? "killed" : "survived";
}

async function waitUntilEmpty(pgid: number, timeoutMs: number, pollMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (processGroupAlive(pgid)) {
    const left = deadline - performance.now();
    if (left <= 0) return false;
    await delay(Math.min(pollMs, left));
  }
  return true;
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Emptied in the meantime (ESRCH), or members we may not signal (EPERM): nothing more we can do.
  }
}
