import { defineConfig } from "tsup";
import { baseConfig } from "../../tsup.base.ts";

export default defineConfig(baseConfig({ entry: ["src/main.ts"], dts: false }));
