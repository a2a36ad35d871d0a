import type { Options } from "tsup";

// One base so a later switch of bundler (tsup is in maintenance; tsdown is its successor) touches one file.
export function baseConfig(overrides: Options = {}): Options {
  return {
    entry: ["src/index.ts"],
    format: ["esm"],
    target: "node22",
    platform: "node",
    dts: true,
    // Off for what is published (source maps were 8.2 MB of the CLI's 11.5 MB tarball); VEXTRUS_SOURCEMAP=1 turns
    // them on for local debugging (turbo.json lists the variable, so the two builds are cached apart).
    sourcemap: process.env.VEXTRUS_SOURCEMAP === "1",
    clean: true,
    // Entries share chunks, so a class (an error type) is one class whichever entry loaded it.
    splitting: true,
    treeshake: true,
    // node:sqlite and friends exist only with the prefix.
    removeNodeProtocol: false,
    ...overrides,
  };
}
