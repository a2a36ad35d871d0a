import { defineConfig } from "tsup";
import { baseConfig } from "../../tsup.base.ts";

// Claude Code starts this process on every hook event, so start-up is the product (bench/startup.bench.mjs).
// Two builds: the entry (stdin, validation with zod/mini, dispatch) bundled on its own so it holds only the few
// KB of zod/mini it uses, and the events, loaded one at a time, which share their chunks (zod, SQLite, stores).
// Built together, the entry would import the chunk of zod's core the events share: ~7 ms more on every start.
const EVENTS = [
  "session-start",
  "user-prompt-submit",
  "pre-tool-use",
  "post-tool-use",
  "post-tool-use-failure",
  "subagent-stop",
  "stop",
] as const;

const app = {
  dts: false,
  minify: true,
  noExternal: [/.*/],
  banner: {
    js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);',
  },
};

export default defineConfig([
  baseConfig({
    ...app,
    entry: { hook: "src/main.ts" },
    splitting: false,
    // The events stay separate files, imported at run time from dist/events/.
    esbuildPlugins: [
      {
        name: "events-stay-external",
        setup(build) {
          build.onResolve({ filter: /^\.\/events\// }, (args) => ({ path: args.path, external: true }));
        },
      },
    ],
  }),
  baseConfig({
    ...app,
    entry: {
      ...Object.fromEntries(EVENTS.map((e) => [`events/${e}`, `src/events/${e}.ts`])),
      "ingest-worker": "src/ingest-worker.ts",
    },
    splitting: true,
    // Both builds write dist/: the first must not wipe what the second wrote.
    clean: false,
  }),
]);
