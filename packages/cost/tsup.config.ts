import { defineConfig } from "tsup";
import { baseConfig } from "../../tsup.base.ts";

export default defineConfig(
  baseConfig({
    // The writer thread's script is an entry of its own: ledger-writer.ts finds it beside itself in dist/.
    entry: ["src/index.ts", "src/config.ts", "src/node.ts", "src/ledger-writer-thread.ts"],
  }),
);
