import { VextrusOrchestratorError } from "../errors.js";
import { abortedError } from "./abort.js";

export interface LimiterRunOptions {
  /** Higher runs first; equal priorities run in the order they asked. */
  priority?: number;
  /** Aborting while queued gives up the place in the queue (rejects with ABORTED); it never starts. */
  signal?: AbortSignal;
}

/** At most `concurrency` tasks at once, the rest queued by priority. */
export interface Limiter {
  run<T>(task: () => Promise<T>, options?: LimiterRunOptions): Promise<T>;
  readonly active: number;
  readonly waiting: number;
  /** The most tasks that were ever running at once. */
  readonly maxActive: number;
}

interface Waiter {
  priority: number;
  start: () => void;
}

export function createLimiter(concurrency: number): Limiter {
  if (!(concurrency === Number.POSITIVE_INFINITY || (Number.isInteger(concurrency) && concurrency >= 1)))
    throw new VextrusOrchestratorError(
      "CONFIG_INVALID",
      `concurrency: expected an integer ≥ 1 (or Infinity), got ${String(concurrency)}`,
    );
  let active = 0;
  let maxActive = 0;
  // Kept sorted: highest priority first, then oldest. Plans are small, so an insertion beats a heap here.
  const queue: Waiter[] = [];

  const release = () => {
    active -= 1;
    const next = queue.shift();
    if (next) next.start();
  };

  const enqueue = (waiter: Waiter) => {
    // Behind every waiter of equal or higher priority: first come, first served within a priority.
    const at = queue.findIndex((w) => w.priority < waiter.priority);
    if (at < 0) queue.push(waiter);
    else queue.splice(at, 0, waiter);
  };

  return {
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
    get maxActive() {
      return maxActive;
    },
    run<T>(task: () => Promise<T>, options: LimiterRunOptions = {}): Promise<T> {
      const { signal } = options;
      if (signal?.aborted) return Promise.reject(abortedError("queued run", signal));
      return new Promise<T>((resolve, reject) => {
        const start = () => {
          signal?.removeEventListener("abort", onAbort);
          active += 1;
          maxActive = Math.max(maxActive, active);
          let running: Promise<T>;
          try {
            running = task();
          } catch (error) {
            running = Promise.reject(error);
          }
          running.then(resolve, reject).finally(release);
        };
        const waiter: Waiter = { priority: options.priority ?? 0, start };
        const onAbort = () => {
          const at = queue.indexOf(waiter);
          if (at >= 0) queue.splice(at, 1);
          reject(abortedError("queued run", signal));
        };
        if (active < concurrency) start();
        else {
          enqueue(waiter);
          signal?.addEventListener("abort", onAbort, { once: true });
        }
      });
    },
  };
}
