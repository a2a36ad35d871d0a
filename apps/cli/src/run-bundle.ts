import { fileURLToPath } from "node:url";
import { loadBundle } from "@vextrus/code-cache";

/**
 * Runs `dist/<name>.cjs` beside this module with a code cache made after the run (docs/node-startup.md) and returns
 * `run`'s exit code. The cache is written after the command has answered, and only when it succeeded: a mistyped
 * subcommand, as a variant, would leave a file per typo.
 */
export async function runBundle<T>(
  name: string,
  run: (bundle: T) => Promise<number>,
  variant?: string,
): Promise<number> {
  const loaded = loadBundle<T>(
    fileURLToPath(new URL(`./${name}.cjs`, import.meta.url)),
    variant === undefined ? {} : { variant },
  );
  const code = await run(loaded.exports);
  if (code === 0) loaded.save();
  return code;
}

/**
 * The cache variant of `vextrus <args>`: its subcommand (`cost session` calls other functions than `cost daily`),
 * or `default` when an option comes first.
 */
export function subcommandVariant(args: readonly string[]): string {
  const word = args[1];
  return word !== undefined && /^[a-z]+$/.test(word) ? word : "default";
}
