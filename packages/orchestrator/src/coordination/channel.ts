/**
 * A bounded single-reader queue between two pipeline stages. The writer's `push` waits while `capacity` items are
 * buffered (backpressure) and answers false once the reader has gone, which is how a stop travels upstream.
 */
export interface Channel<T> {
  push(value: T): Promise<boolean>;
  /** No more items; the reader finishes after the buffered ones. */
  end(): void;
  /** The reader gets `error` after the buffered items. */
  fail(error: unknown): void;
  /** The reader gets `error` now; buffered items are dropped. */
  abort(error: unknown): void;
  /** The reader is gone: buffered items are dropped and every `push` answers false. */
  cancel(): void;
  readonly cancelled: boolean;
  next(): Promise<IteratorResult<T, undefined>>;
}

interface Reader<T> {
  resolve: (result: IteratorResult<T, undefined>) => void;
  reject: (error: unknown) => void;
}

interface Writer<T> {
  value: T;
  resolve: (accepted: boolean) => void;
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

export function createChannel<T>(capacity: number): Channel<T> {
  const buffer: T[] = [];
  const readers: Reader<T>[] = [];
  const writers: Writer<T>[] = [];
  let ended = false;
  let failure: { error: unknown } | undefined;
  let cancelled = false;

  const closed = () => ended || failure !== undefined || cancelled;
  const settleReaders = () => {
    for (const reader of readers.splice(0)) {
      if (failure && !cancelled) reader.reject(failure.error);
      else reader.resolve(DONE);
    }
  };
  const releaseWriters = (accepted: boolean) => {
    for (const writer of writers.splice(0)) writer.resolve(accepted);
  };

  return {
    get cancelled() {
      return cancelled;
    },
    push(value) {
      if (closed()) return Promise.resolve(false);
      const reader = readers.shift();
      if (reader) {
        reader.resolve({ done: false, value });
        return Promise.resolve(true);
      }
      if (buffer.length < capacity) {
        buffer.push(value);
        return Promise.resolve(true);
      }
      return new Promise((resolve) => writers.push({ value, resolve }));
    },
    end() {
      if (closed()) return;
      ended = true;
      if (buffer.length === 0) settleReaders();
    },
    fail(error) {
      if (closed()) return;
      failure = { error };
      if (buffer.length === 0) settleReaders();
    },
    abort(error) {
      if (cancelled) return;
      buffer.length = 0;
      if (!failure) failure = { error };
      ended = false;
      releaseWriters(false);
      settleReaders();
    },
    cancel() {
      if (cancelled) return;
      cancelled = true;
      buffer.length = 0;
      releaseWriters(false);
      settleReaders();
    },
    next() {
      if (buffer.length > 0) {
        const value = buffer.shift() as T;
        const writer = writers.shift();
        if (writer) {
          buffer.push(writer.value);
          writer.resolve(true);
        }
        return Promise.resolve({ done: false, value });
      }
      // With capacity 0 a writer hands its item straight to the reader.
      const writer = writers.shift();
      if (writer) {
        writer.resolve(true);
        return Promise.resolve({ done: false, value: writer.value });
      }
      if (cancelled || ended) return Promise.resolve(DONE);
      if (failure) return Promise.reject(failure.error);
      return new Promise((resolve, reject) => readers.push({ resolve, reject }));
    },
  };
}
