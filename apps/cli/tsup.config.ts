import { defineConfig } from "tsup";
import { baseConfig } from "../../tsup.base.ts";

// An app, not a library: everything is bundled (the commands and the status line share chunks), so start-up
// reads a few files instead of resolving hundreds of modules (zod alone is ~50 ms unbundled).
export default defineConfig(
  baseConfig({
    entry: { main: "src/main.ts", statusline: "src/statusline.ts" },
    splitting: true,
    dts: false,
    noExternal: [/.*/],
    banner: {
      js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);',
    },
  }),
);
