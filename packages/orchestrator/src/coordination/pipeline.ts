import { VextrusOrchestratorError } from "../errors.js";
import { abortedError } from "./abort.js";
import { createChannel } from "./channel.js";

export interface PipelineStageContext {
  /**
   * Aborts when the pipeline stops: the caller's signal, the consumer leaving early, or an error in this stage or
   * a later one. Pass it to runner calls so a stop does not wait for them.
   */
  signal: AbortSignal;
  /** The stage's position, 0 for the first after the source. */
  index: number;
}

/** An async-generator transform; `async function* (input) { for await (const x of input) yield f(x); }`. */
export type PipelineStage<A, B> = (
  input: AsyncIterable<A>,
  context: PipelineStageContext,
) => AsyncIterable<B>;

export type PipelineSource<A> = AsyncIterable<A> | Iterable<A>;

export interface PipelineOptions {
  signal?: AbortSignal;
  /**
   * Items each stage may run ahead of the next one; default 1, so neighbouring stages work at the same time
   * (an assembly line) while memory stays bounded. 0 makes every hand-over a rendezvous.
   */
  highWaterMark?: number;
}

/** A stage applying `fn` to each item in order, with the pipeline's signal. */
export function mapStage<A, B>(fn: (item: A, signal: AbortSignal) => B | Promise<B>): PipelineStage<A, B> {
  return async function* map(input, { signal }) {
    for await (const item of input) yield await fn(item, signal);
  };
}

function iteratorOf<T>(source: PipelineSource<T>): AsyncIterator<T> | Iterator<T> {
  if (Symbol.asyncIterator in source) return source[Symbol.asyncIterator]();
  return source[Symbol.iterator]();
}

export function pipeline<A>(source: PipelineSource<A>, options?: PipelineOptions): AsyncIterableIterator<A>;
export function pipeline<A, B>(
  source: PipelineSource<A>,
  s1: PipelineStage<A, B>,
  options?: PipelineOptions,
): AsyncIterableIterator<B>;
export function pipeline<A, B, C>(
  source: PipelineSource<A>,
  s1: PipelineStage<A, B>,
  s2: PipelineStage<B, C>,
  options?: PipelineOptions,
): AsyncIterableIterator<C>;
export function pipeline<A, B, C, D>(
  source: PipelineSource<A>,
  s1: PipelineStage<A, B>,
  s2: PipelineStage<B, C>,
  s3: PipelineStage<C, D>,
  options?: PipelineOptions,
): AsyncIterableIterator<D>;
export function pipeline<A, B, C, D, E>(
  source: PipelineSource<A>,
  s1: PipelineStage<A, B>,
  s2: PipelineStage<B, C>,
  s3: PipelineStage<C, D>,
  s4: PipelineStage<D, E>,
  options?: PipelineOptions,
): AsyncIterableIterator<E>;
export function pipeline<A, B, C, D, E, F>(
  source: PipelineSource<A>,
  s1: PipelineStage<A, B>,
  s2: PipelineStage<B, C>,
  s3: PipelineStage<C, D>,
  s4: PipelineStage<D, E>,
  s5: PipelineStage<E, F>,
  options?: PipelineOptions,
): AsyncIterableIterator<F>;
export function pipeline<A, B, C, D, E, F, G>(
  source: PipelineSource<A>,
  s1: PipelineStage<A, B>,
  s2: PipelineStage<B, C>,
  s3: PipelineStage<C, D>,
  s4: PipelineStage<D, E>,
  s5: PipelineStage<E, F>,
  s6: PipelineStage<F, G>,
  options?: PipelineOptions,
): AsyncIterableIterator<G>;
/** Longer chains are not checked stage to stage. */
export function pipeline(
  source: PipelineSource<unknown>,
  ...stages: (PipelineStage<never, unknown> | PipelineOptions | undefined)[]
): AsyncIterableIterator<unknown>;
/**
 * Connects `source` through `stages`. Nothing runs until the result is first read; from then on every stage runs
 * as soon as its input has an item, so the first result can arrive before the source is done. An error in a stage
 * reaches the reader after the items already past it, and stops every stage before it (their signals abort and
 * their input stops). The caller's signal, or the reader leaving early (`break`), stops all stages; an aborted
 * pipeline rejects with ABORTED.
 */
export function pipeline(
  source: PipelineSource<unknown>,
  ...rest: unknown[]
): AsyncIterableIterator<unknown> {
  const last = rest.at(-1);
  const options: PipelineOptions =
    typeof last === "object" && last !== null ? (rest.pop() as PipelineOptions) : {};
  if (rest.at(-1) === undefined && rest.length > 0) rest.pop();
  const stages = rest as PipelineStage<unknown, unknown>[];
  stages.forEach((stage, index) => {
    if (typeof stage !== "function")
      throw new VextrusOrchestratorError(
        "CONFIG_INVALID",
        `pipeline stage ${index}: expected a function (input, context) => AsyncIterable, got ${String(stage)}`,
      );
  });
  const capacity = options.highWaterMark ?? 1;
  if (!Number.isInteger(capacity) || capacity < 0)
    throw new VextrusOrchestratorError(
      "CONFIG_INVALID",
      `highWaterMark: expected an integer ≥ 0, got ${String(options.highWaterMark)}`,
    );
  const external = options.signal;
  // channels[i] feeds stage i; the last one is what the reader reads.
  const channels = Array.from({ length: stages.length + 1 }, () => createChannel<unknown>(capacity));
  const controllers = stages.map(() => new AbortController());
  const output = channels[stages.length] as (typeof channels)[number];
  let started = false;
  let finished = false;

  const stopAll = (reason: unknown) => {
    for (const controller of controllers) controller.abort(reason);
    // The output is left to the caller: cancelled for a reader that left, failed with ABORTED for an abort.
    for (const channel of channels) if (channel !== output) channel.cancel();
  };
  const onExternalAbort = () => {
    const error = abortedError("pipeline", external);
    output.abort(error);
    stopAll(error);
  };
  const finish = () => {
    finished = true;
    external?.removeEventListener("abort", onExternalAbort);
  };

  // Moves items from one stage's output into the next channel; `index` is the stage (-1 for the source).
  const pump = async (produce: () => AsyncIterator<unknown> | Iterator<unknown>, index: number) => {
    const out = channels[index + 1] as (typeof channels)[number];
    let iterator: AsyncIterator<unknown> | Iterator<unknown> | undefined;
    try {
      iterator = produce();
      for (;;) {
        const step = await iterator.next();
        if (step.done) break;
        if (!(await out.push(step.value))) {
          await iterator.return?.();
          return;
        }
      }
      out.end();
    } catch (error) {
      out.fail(error);
      // Upstream work is now useless: abort what is in flight and close the input so nothing more is made.
      if (index >= 0) channels[index]?.cancel();
      for (let upstream = 0; upstream <= index; upstream += 1)
        controllers[upstream]?.abort(
          new VextrusOrchestratorError("ABORTED", `pipeline stage ${index} failed`),
        );
    }
  };

  const start = () => {
    started = true;
    if (external?.aborted) {
      onExternalAbort();
      return;
    }
    external?.addEventListener("abort", onExternalAbort, { once: true });
    void pump(() => iteratorOf(source), -1);
    stages.forEach((stage, index) => {
      const input = channels[index] as (typeof channels)[number];
      const iterable: AsyncIterable<unknown> = {
        [Symbol.asyncIterator]: () => ({
          next: () => input.next(),
          return: async () => {
            input.cancel();
            return { done: true, value: undefined };
          },
        }),
      };
      const controller = controllers[index] as AbortController;
      const signal = external ? AbortSignal.any([external, controller.signal]) : controller.signal;
      void pump(() => stage(iterable, { signal, index })[Symbol.asyncIterator](), index);
    });
  };

  const reader: AsyncIterableIterator<unknown> = {
    [Symbol.asyncIterator]() {
      return reader;
    },
    async next() {
      if (!started) start();
      try {
        const step = await output.next();
        if (step.done) finish();
        return step;
      } catch (error) {
        finish();
        throw error;
      }
    },
    async return() {
      if (!started) started = true;
      if (!finished) {
        finish();
        output.cancel();
        stopAll(new VextrusOrchestratorError("ABORTED", "pipeline: the reader stopped early"));
      }
      return { done: true, value: undefined };
    },
  };
  return reader;
}
