import { fileURLToPath } from "node:url";
import { loadBundle } from "@vextrus/code-cache";

/**
 * Runs `dist/<name>.cjs` beside this module with a code cache made after the run (docs/node-startup.md) and returns
 * `run`'s exit code; the cache is written after the command has answered.
 */
export async function runBundle<T>(name: string, run: (bundle: T) => Promise<number>): Promise<number> {
  const loaded = loadBundle<T>(fileURLToPath(new URL(`./${name}.cjs`, import.meta.url)));
  const code = await run(loaded.exports);
  loaded.save();
  return code;
}
