import { resolve } from "node:path";
import { execa } from "execa";
import type { CommandGate } from "./gate.js";
import { type GateOutcome, stoppedOutcome } from "./gate-outcome.js";
import { LineSplitter } from "./output-tail.js";
import { type GroupTermination, terminateProcessGroup } from "./process-group.js";

/**
 * Once the gate's process exited and its group is gone, an open stdout can only be held by a descendant that
 * left the group (`setsid`, a daemon). Waiting for it would hang the gate, so its pipes are closed after this.
 */
const ESCAPED_PIPE_GRACE_MS = 1000;

export interface CommandGateContext {
  /** Aborted with a `VextrusOrchestratorError`: `TIMEOUT` for the gate's timeout, `ABORTED` otherwise. */
  signal: AbortSignal;
  /** Base directory of the gate's relative `cwd`. */
  cwd: string;
  graceMs: number;
  onLine: (line: string) => void;
}

/**
 * Runs the gate's argv with no shell, as the leader of a new process group (execa's `killDescendants`, i.e.
 * `detached` spawning, which unlike `detached: true` keeps execa's kill-on-exit cleanup). When stopped, or once
 * the leader exits, the whole group is terminated, so a test runner's workers or a forgotten watcher cannot
 * outlive the gate or keep this process's event loop alive.
 */
export async function runCommandGate(gate: CommandGate, context: CommandGateContext): Promise<GateOutcome> {
  const [file, ...args] = gate.command as [string, ...string[]];
  const subprocess = execa(file, args, {
    cwd: resolve(context.cwd, gate.cwd ?? "."),
    ...(gate.env === undefined ? {} : { env: gate.env }),
    killDescendants: true,
    stdin: "ignore",
    buffer: false,
    reject: false,
    // We escalate ourselves, across the whole group and after the leader's exit too.
    forceKillAfterDelay: false,
  });
  const pid = subprocess.pid;
  const splitters = [subprocess.stdout, subprocess.stderr].map((stream) => {
    const splitter = new LineSplitter(context.onLine);
    stream?.on("data", (chunk: Buffer | string) => splitter.write(chunk));
    return splitter;
  });

  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  let stopReason: unknown;
  let termination: Promise<GroupTermination> | undefined;
  let settled = false;
  let pipeGuard: NodeJS.Timeout | undefined;

  const terminate = () => {
    termination ??= stopTree();
    return termination;
  };
  const stopTree = async (): Promise<GroupTermination> => {
    if (pid === undefined) return "empty";
    if (process.platform === "win32") {
      // No process groups: execa's killDescendants uses `taskkill /T`, which needs the leader alive.
      if (exit === undefined) subprocess.kill("SIGKILL");
      return "terminated";
    }
    return terminateProcessGroup(pid, { graceMs: context.graceMs });
  };
  const onAbort = () => {
    if (exit !== undefined) return;
    stopReason = context.signal.reason;
    void terminate();
  };

  subprocess.nodeChildProcess.once("exit", (code, signal) => {
    exit = { code, signal };
    void terminate().then(() => {
      if (settled) return;
      pipeGuard = setTimeout(() => {
        subprocess.stdout?.destroy();
        subprocess.stderr?.destroy();
      }, ESCAPED_PIPE_GRACE_MS);
    });
  });
  context.signal.addEventListener("abort", onAbort, { once: true });
  if (context.signal.aborted) onAbort();

  const result = await subprocess;
  settled = true;
  clearTimeout(pipeGuard);
  context.signal.removeEventListener("abort", onAbort);
  const ended = await termination;
  for (const splitter of splitters) splitter.end();

  const exitCode = exit?.code ?? null;
  if (stopReason !== undefined) {
    const how =
      ended === "killed"
        ? ", killed with SIGKILL"
        : ended === "survived"
          ? ", some processes survived SIGKILL"
          : "";
    return stoppedOutcome(stopReason, exitCode, how);
  }
  if (exit === undefined) {
    // Never started: unknown program, missing cwd.
    return {
      status: "failed",
      exitCode: null,
      error: (result.shortMessage ?? `could not start ${file}`).replaceAll("\n", ": "),
    };
  }
  if (exitCode === 0) return { status: "passed", exitCode };
  return {
    status: "failed",
    exitCode,
    error: exitCode === null ? `killed by ${exit.signal ?? "a signal"}` : `exited with code ${exitCode}`,
  };
}
