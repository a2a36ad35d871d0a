import { defineConfig } from "tsup";
import { baseConfig } from "../../tsup.base.ts";

export default defineConfig(
  baseConfig({ entry: { index: "src/index.ts", git: "src/git.ts", assess: "src/assess-entry.ts" } }),
);
