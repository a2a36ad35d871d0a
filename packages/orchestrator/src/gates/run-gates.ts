import { setMaxListeners } from "node:events";
import { VextrusOrchestratorError } from "../errors.js";
import { validateGates } from "./config.js";
import type { Gate, GateEvent, GateResult, GateSkipReason, RunAgent } from "./gate.js";
import { errorMessage, type GateOutcome } from "./gate-outcome.js";
import { OutputBatcher } from "./output-batcher.js";
import { OutputTail } from "./output-tail.js";
import { KILL_GRACE_MS } from "./process-group.js";
import { runAgentGate } from "./run-agent.js";
import { runCommandGate } from "./run-command.js";

export interface RunGatesOptions {
  /**
   * Gates running at once; default: all of them. `1` runs them in sequence, which is what
   * `parallel_quality_gates: false` means.
   */
  concurrency?: number;
  /** Stop at the first gate that fails or times out: running gates are cancelled, pending ones skipped. */
  failFast?: boolean;
  /** Cancels the run: running gates are stopped (their process trees killed), pending ones skipped. */
  signal?: AbortSignal;
  /**
   * Progress: per gate `start`, `output` batches (whole lines, at most one event per `outputIntervalMs`), then
   * `end`; gates that never start get only `end`. A listener that throws does not disturb the gates: the run
   * finishes, then rejects with that error.
   */
  onEvent?: (event: GateEvent) => void;
  /** Runs agent gates; without it they are `skipped`. */
  runAgent?: RunAgent;
  /** Base of the gates' relative `cwd`; default `process.cwd()`. */
  cwd?: string;
  /** Between SIGTERM and SIGKILL when a gate's process tree is stopped; default 5000. */
  killGraceMs?: number;
  /** Default 100. */
  outputIntervalMs?: number;
}

/**
 * Runs `gates` up to `concurrency` at a time and resolves with one result per gate, in the order given, once
 * every gate's processes are gone. Cancellation, timeouts and failures are results, never rejections; only
 * invalid gates or options reject (`GATE_INVALID`, `CONFIG_INVALID`).
 */
export async function runGates(gates: readonly Gate[], options: RunGatesOptions = {}): Promise<GateResult[]> {
  validateGates(gates);
  const concurrency = options.concurrency ?? Number.POSITIVE_INFINITY;
  if (!(concurrency === Number.POSITIVE_INFINITY || (Number.isInteger(concurrency) && concurrency >= 1))) {
    throw new VextrusOrchestratorError("CONFIG_INVALID", "concurrency: expected a whole number of 1 or more");
  }
  const graceMs = options.killGraceMs ?? KILL_GRACE_MS;
  if (!(Number.isFinite(graceMs) && graceMs >= 0)) {
    throw new VextrusOrchestratorError(
      "CONFIG_INVALID",
      "killGraceMs: expected a number of milliseconds, 0 or more",
    );
  }
  const cwd = options.cwd ?? process.cwd();

  let listenerError: { error: unknown } | undefined;
  const emit = (event: GateEvent) => {
    if (options.onEvent === undefined) return;
    try {
      options.onEvent(event);
    } catch (error) {
      listenerError ??= { error };
    }
  };

  // One signal for the whole run: the caller's abort and failFast both land here.
  const run = new AbortController();
  setMaxListeners(Number.POSITIVE_INFINITY, run.signal);
  let stopCause = "";
  const stop = (cause: string) => {
    if (run.signal.aborted) return;
    stopCause = cause;
    run.abort(new VextrusOrchestratorError("ABORTED", `cancelled: ${cause}`));
  };
  const onCallerAbort = () => stop("the run was aborted");
  options.signal?.addEventListener("abort", onCallerAbort, { once: true });
  if (options.signal?.aborted) onCallerAbort();

  const runOne = async (gate: Gate): Promise<GateResult> => {
    if (gate.kind === "agent" && options.runAgent === undefined) {
      return skipped(gate, "not run: agent gates need a runAgent, none was given", "no-agent-runner");
    }
    const started = performance.now();
    emit({ type: "start", gate: gate.name, kind: gate.kind, at: Date.now() });
    const tail = new OutputTail();
    const batcher = new OutputBatcher(
      (batch) => emit({ type: "output", gate: gate.name, ...batch, at: Date.now() }),
      options.outputIntervalMs === undefined ? {} : { intervalMs: options.outputIntervalMs },
    );
    const onLine = (line: string) => {
      tail.push(line);
      batcher.push(line);
    };

    const controller = new AbortController();
    const forward = () => controller.abort(run.signal.reason);
    run.signal.addEventListener("abort", forward, { once: true });
    const timeout = gate.timeout_seconds;
    const timer =
      timeout === undefined
        ? undefined
        : setTimeout(
            () => controller.abort(new VextrusOrchestratorError("TIMEOUT", `timed out after ${timeout} s`)),
            timeout * 1000,
          );

    let outcome: GateOutcome;
    try {
      outcome =
        gate.kind === "command"
          ? await runCommandGate(gate, { signal: controller.signal, cwd, graceMs, onLine })
          : await runAgentGate(gate, options.runAgent as RunAgent, { signal: controller.signal, onLine });
    } catch (error) {
      outcome = { status: "failed", exitCode: null, error: errorMessage(error) };
    } finally {
      clearTimeout(timer);
      run.signal.removeEventListener("abort", forward);
      batcher.flush();
    }
    return {
      name: gate.name,
      status: outcome.status,
      exitCode: outcome.exitCode,
      durationMs: Math.round(performance.now() - started),
      outputTail: tail.toString(),
      ...(outcome.error === undefined ? {} : { error: outcome.error }),
    };
  };

  const results: GateResult[] = new Array(gates.length);
  let next = 0;
  // Each worker claims the next gate, so a slot freed by a quick gate is reused at once.
  const worker = async () => {
    for (let index = next++; index < gates.length; index = next++) {
      const gate = gates[index] as Gate;
      const result = run.signal.aborted
        ? skipped(gate, `not run: ${stopCause}`, "stopped")
        : await runOne(gate);
      results[index] = result;
      emit({ type: "end", gate: gate.name, result, at: Date.now() });
      if (options.failFast && (result.status === "failed" || result.status === "timed-out")) {
        stop(`gate "${gate.name}" failed (failFast)`);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, gates.length) }, worker));
  } finally {
    options.signal?.removeEventListener("abort", onCallerAbort);
  }
  if (listenerError !== undefined) throw listenerError.error;
  return results;
}

export function skipped(gate: Pick<Gate, "name">, error: string, skipReason: GateSkipReason): GateResult {
  return {
    name: gate.name,
    status: "skipped",
    exitCode: null,
    durationMs: 0,
    outputTail: "",
    error,
    skipReason,
  };
}
