/**
 * New bytes from which a `--no-store` run keeps V8's young generation at its first size. Such a run holds every
 * request it reads until the report is built, so nearly all it allocates survives, and V8 answers a high survival
 * rate by doubling the young generation's semi-spaces up to 16 MiB each: on a 200 MB corpus of 71k requests that was
 * ~33 MB of the run's peak RSS (145 → 112 MB), at the same speed (docs/ingest-thread.md). Below this a
 * run never grows it, and loading node:v8 (which loads Node's streams, ~3 ms) would be all it did.
 */
export const SMALL_YOUNG_GENERATION_MIN_BYTES = 32 * 2 ** 20;

/**
 * Stops the young generation growing for the rest of the process. `--semi-space-growth-factor` is read each time
 * V8 decides to grow it, so setting it after start takes effect; a V8 without the flag would print one line on
 * stderr and change nothing (test/no-store-heap.test.ts fails then).
 */
export function keepYoungGenerationSmall(): void {
  process.getBuiltinModule("node:v8").setFlagsFromString("--semi-space-growth-factor=1");
}
