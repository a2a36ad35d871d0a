import { defineConfig } from "tsup";
import { baseConfig } from "../../tsup.base.ts";
import { builtinsWithoutFacades } from "../../tsup.builtins.ts";

// An app, not a library: everything is bundled, so start-up reads a few files instead of resolving hundreds of
// modules (zod alone is ~50 ms unbundled).
const app = {
  dts: false,
  noExternal: [/.*/],
  esbuildPlugins: [builtinsWithoutFacades],
};
const esmRequire = {
  banner: {
    js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);',
  },
};

export default defineConfig([
  // The commands share chunks and load the ones a command needs.
  baseConfig({
    ...app,
    ...esmRequire,
    entry: { main: "src/main.ts", "ledger-writer-thread": "src/ledger-writer-thread.ts" },
    splitting: true,
  }),
  // Claude Code runs the status line after every assistant message, and `vextrus cost` is the report run most:
  // one file each, so a start resolves and reads one module instead of two dozen chunks (docs/node-startup.md).
  // CommonJS, for run-bundle.js to run them with a code cache made after the run; `shims` gives them import.meta.url.
  baseConfig({
    ...app,
    entry: { statusline: "src/statusline.ts", cost: "src/cost-main.ts" },
    format: ["cjs"],
    shims: true,
    splitting: false,
    minify: true,
    clean: false,
  }),
  baseConfig({
    ...app,
    entry: { "run-bundle": "src/run-bundle.ts" },
    splitting: false,
    minify: true,
    clean: false,
  }),
]);
