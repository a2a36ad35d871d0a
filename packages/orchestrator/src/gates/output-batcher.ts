export const OUTPUT_INTERVAL_MS = 100;
export const OUTPUT_EVENT_MAX_LINES = 100;

export interface OutputBatch {
  lines: string[];
  omitted: number;
}

/**
 * Collects a gate's lines and hands them on at most once per `intervalMs`, at most `maxLines` (the newest) at
 * a time: a progress display stays live, and a gate printing 50,000 lines costs a handful of events, not 50,000.
 */
export class OutputBatcher {
  readonly #emit: (batch: OutputBatch) => void;
  readonly #intervalMs: number;
  readonly #maxLines: number;
  #lines: string[] = [];
  #omitted = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(emit: (batch: OutputBatch) => void, options: { intervalMs?: number; maxLines?: number } = {}) {
    this.#emit = emit;
    this.#intervalMs = options.intervalMs ?? OUTPUT_INTERVAL_MS;
    this.#maxLines = options.maxLines ?? OUTPUT_EVENT_MAX_LINES;
  }

  push(line: string): void {
    this.#lines.push(line);
    // Trim in bulk rather than shifting on every line past the limit.
    if (this.#lines.length >= this.#maxLines * 2) this.#trim();
    this.#timer ??= setTimeout(() => this.flush(), this.#intervalMs);
  }

  /** Emits what is pending now; call it before the gate's end event so its output comes first. */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#trim();
    if (this.#lines.length === 0 && this.#omitted === 0) return;
    const batch = { lines: this.#lines, omitted: this.#omitted };
    this.#lines = [];
    this.#omitted = 0;
    this.#emit(batch);
  }

  #trim(): void {
    const excess = this.#lines.length - this.#maxLines;
    if (excess <= 0) return;
    this.#omitted += excess;
    this.#lines = this.#lines.slice(excess);
  }
}
