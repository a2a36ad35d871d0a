import { VextrusOrchestratorError } from "../errors.js";
import { type AgentRunner, type AgentRunRequest, type AgentUsage, resolveModel } from "../runner.js";

/** What a simulated agent answers: its text, optionally its usage, or a failure (a message or an error). */
export interface SimulatedResponse {
  output: string;
  usage?: Partial<AgentUsage>;
  /** `true`, a message or an error: the run rejects with RUNNER_FAILED after its latency. */
  fail?: boolean | string | Error;
}

/** Resolves after `ms`, or rejects as soon as `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface SimulatedRunnerOptions {
  /** Fixed latency of every run, or of each run by its request. */
  latencyMs: number | ((request: AgentRunRequest) => number);
  /** Default: an echo naming the agent, the model and the prompt's first line. */
  respond?: (request: AgentRunRequest) => string | SimulatedResponse;
  /** Default: real timers. Tests with fake clocks pass their own. */
  sleep?: Sleep;
  name?: string;
}

function abortedError(signal: AbortSignal): VextrusOrchestratorError {
  return new VextrusOrchestratorError("ABORTED", "simulated run: aborted by the caller's signal", {
    cause: signal.reason,
  });
}

const realSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortedError(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/** A deterministic token count: about four characters a token, as a rule of thumb for English and code. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function defaultRespond(request: AgentRunRequest): string {
  const firstLine = request.prompt.split("\n", 1)[0] ?? "";
  return `${request.agent} (${request.model}): ${firstLine}`;
}

function latencyOf(option: SimulatedRunnerOptions["latencyMs"], request: AgentRunRequest): number {
  const ms = typeof option === "function" ? option(request) : option;
  if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0)
    throw new VextrusOrchestratorError(
      "CONFIG_INVALID",
      `latencyMs: expected a finite number of milliseconds ≥ 0 for agent "${request.agent}", got ${String(ms)}`,
    );
  return ms;
}

function failureOf(fail: true | string | Error, request: AgentRunRequest): VextrusOrchestratorError {
  const what = `simulated run of "${request.agent}" on ${request.model}`;
  if (fail instanceof VextrusOrchestratorError) return fail;
  if (fail instanceof Error)
    return new VextrusOrchestratorError("RUNNER_FAILED", `${what} failed: ${fail.message}`, { cause: fail });
  return new VextrusOrchestratorError("RUNNER_FAILED", `${what} failed${fail === true ? "" : `: ${fail}`}`);
}

/**
 * An `AgentRunner` with fixed latencies and deterministic usage (input = prompt and system length / 4, output =
 * output length / 4, unless `respond` says otherwise), for tests and benchmarks. `durationMs` is the nominal
 * latency, so results do not depend on timer jitter.
 */
export function createSimulatedRunner(options: SimulatedRunnerOptions): AgentRunner {
  const respond = options.respond ?? defaultRespond;
  const sleep = options.sleep ?? realSleep;
  return {
    name: options.name ?? "simulated",
    async run(request) {
      const { signal } = request;
      if (signal?.aborted) throw abortedError(signal);
      const ms = latencyOf(options.latencyMs, request);
      let answer: string | SimulatedResponse;
      try {
        answer = respond(request);
      } catch (error) {
        throw failureOf(error instanceof Error ? error : String(error), request);
      }
      const response: SimulatedResponse = typeof answer === "string" ? { output: answer } : answer;
      // Race the sleep with the signal too, so a custom sleep that ignores it still cannot delay an abort.
      let onAbort: (() => void) | undefined;
      const aborted = new Promise<never>((_, reject) => {
        onAbort = () => reject(abortedError(signal as AbortSignal));
        signal?.addEventListener("abort", onAbort, { once: true });
      });
      try {
        await Promise.race([sleep(ms, signal), aborted]);
      } finally {
        if (onAbort) signal?.removeEventListener("abort", onAbort);
      }
      if (response.fail !== undefined && response.fail !== false) throw failureOf(response.fail, request);
      const input = estimateTokens(request.prompt) + estimateTokens(request.system ?? "");
      return {
        output: response.output,
        usage: {
          input,
          output: estimateTokens(response.output),
          cacheWrite5m: 0,
          cacheWrite1h: 0,
          cacheRead: 0,
          ...response.usage,
        },
        durationMs: ms,
        model: resolveModel(request.model),
      };
    },
  };
}
