import type { AgentGate, RunAgent } from "./gate.js";
import { errorMessage, type GateOutcome, stoppedOutcome } from "./gate-outcome.js";

export interface AgentGateContext {
  signal: AbortSignal;
  onLine: (line: string) => void;
}

/**
 * Runs an agent gate through the injected `runAgent`. A stopped gate is reported at once: an agent that ignores
 * its signal may still be thinking, but the run does not wait for it.
 */
export async function runAgentGate(
  gate: AgentGate,
  runAgent: RunAgent,
  context: AgentGateContext,
): Promise<GateOutcome> {
  const { signal } = context;
  if (signal.aborted) return stoppedOutcome(signal.reason, null);
  let onAbort = () => {};
  const stopped = new Promise<"stopped">((resolve) => {
    onAbort = () => resolve("stopped");
    signal.addEventListener("abort", onAbort, { once: true });
  });
  // Settles either way, so an agent that fails after being stopped is no unhandled rejection.
  const run = Promise.resolve()
    .then(() => runAgent(gate, { signal }))
    .then(
      (outcome) => ({ outcome }),
      (error: unknown) => ({ error }),
    );
  const first = await Promise.race([run, stopped]);
  signal.removeEventListener("abort", onAbort);

  if (first === "stopped") return stoppedOutcome(signal.reason, null);
  if ("error" in first)
    return { status: "failed", exitCode: null, error: `runAgent failed: ${errorMessage(first.error)}` };
  const { outcome } = first;
  if (typeof outcome?.passed !== "boolean" || typeof outcome.output !== "string") {
    return {
      status: "failed",
      exitCode: null,
      error: "runAgent: expected { passed: boolean, output: string }",
    };
  }
  for (const line of outcome.output.split("\n"))
    context.onLine(line.endsWith("\r") ? line.slice(0, -1) : line);
  return outcome.passed
    ? { status: "passed", exitCode: null }
    : { status: "failed", exitCode: null, error: `${gate.agent.type} did not pass the change` };
}
