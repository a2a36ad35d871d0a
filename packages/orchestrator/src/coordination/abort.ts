import { VextrusOrchestratorError } from "../errors.js";

export function abortedError(what: string, signal?: AbortSignal): VextrusOrchestratorError {
  return new VextrusOrchestratorError("ABORTED", `${what}: aborted by the caller's signal`, {
    cause: signal?.reason,
  });
}

export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw abortedError(what, signal);
}

export function isAbortError(error: unknown): boolean {
  return (
    (error instanceof VextrusOrchestratorError && error.code === "ABORTED") ||
    (error instanceof Error && error.name === "AbortError")
  );
}

/** Rejects with ABORTED as soon as `signal` aborts; `dispose` detaches the listener once the race is over. */
export function abortPromise(
  signal: AbortSignal | undefined,
  what: string,
): {
  promise: Promise<never>;
  dispose: () => void;
} {
  if (signal === undefined) return { promise: new Promise<never>(() => {}), dispose: () => {} };
  let onAbort = () => {};
  const promise = new Promise<never>((_, reject) => {
    onAbort = () => reject(abortedError(what, signal));
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  // A race that settled first leaves this promise unobserved; keep its rejection from surfacing as unhandled.
  promise.catch(() => {});
  return { promise, dispose: () => signal.removeEventListener("abort", onAbort) };
}
