import { defineConfig } from "tsup";
import { baseConfig } from "../../tsup.base.ts";

export default defineConfig(baseConfig({ entry: ["src/index.ts", "src/config.ts", "src/node.ts"] }));
