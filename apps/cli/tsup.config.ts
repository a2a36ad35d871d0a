import { defineConfig } from "tsup";
import { baseConfig } from "../../tsup.base.ts";

// An app, not a library: everything is bundled into one file (and the ingest worker into another), so start-up
// reads two files instead of resolving hundreds of modules (zod alone is ~50 ms unbundled).
export default defineConfig(
  baseConfig({
    entry: { main: "src/main.ts", statusline: "src/statusline.ts", "ingest-worker": "src/ingest-worker.ts" },
    splitting: true,
    dts: false,
    noExternal: [/.*/],
    banner: {
      js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);',
    },
  }),
);
