import type { Options } from "tsup";

// One base so a later switch of bundler (tsup is in maintenance; tsdown is its successor) touches one file.
export function baseConfig(overrides: Options = {}): Options {
  return {
    entry: ["src/index.ts"],
    format: ["esm"],
    target: "node22",
    platform: "node",
    dts: true,
    sourcemap: true,
    clean: true,
    // Entries share chunks, so a class (an error type) is one class whichever entry loaded it.
    splitting: true,
    treeshake: true,
    // node:sqlite and friends exist only with the prefix.
    removeNodeProtocol: false,
    ...overrides,
  };
}
