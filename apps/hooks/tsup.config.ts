import { defineConfig } from "tsup";
import { baseConfig } from "../../tsup.base.ts";

// Claude Code starts this process on every hook event, so start-up is the product: one bundled entry that reads
// stdin and loads only the chunk of the event at hand (see bench/startup.bench.mjs).
export default defineConfig(
  baseConfig({
    entry: { hook: "src/main.ts", "ingest-worker": "src/ingest-worker.ts" },
    splitting: true,
    dts: false,
    minify: true,
    noExternal: [/.*/],
    banner: {
      js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);',
    },
  }),
);
