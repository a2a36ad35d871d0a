import { defineConfig } from "tsup";
import { baseConfig } from "../../tsup.base.ts";
import { builtinsWithoutFacades } from "../../tsup.builtins.ts";
import pkg from "./package.json" with { type: "json" };

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

// One id for both builds: the client and the daemon meet on a socket named after it (src/daemon/paths.ts).
const BUILD_ID = `${pkg.version}-${Date.now().toString(36)}`;

const app = {
  dts: false,
  define: { __VEXTRUS_HOOK_BUILD__: JSON.stringify(BUILD_ID) },
  minify: true,
  noExternal: [/.*/],
  banner: {
    js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);',
  },
};

export default defineConfig([
  // The client loads first on every event (bin/vextrus-hook.cjs), hook.js only when no daemon answers.
  baseConfig({
    ...app,
    banner: {},
    format: ["cjs"],
    entry: { client: "src/daemon/client.ts" },
    splitting: false,
    outExtension: () => ({ js: ".cjs" }),
  }),
  baseConfig({
    ...app,
    entry: { hook: "src/main.ts" },
    splitting: false,
    clean: false,
    // The events stay separate files, imported at run time from dist/events/.
    esbuildPlugins: [
      builtinsWithoutFacades,
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
      daemon: "src/daemon.ts",
      // The SessionEnd push to the team ledger, started detached (src/team-push.ts).
      "team-push": "src/team-push-main.ts",
      // A first Stop over a long history writes the ledger on a thread (@vextrus/cost, docs/ingest-thread.md).
      "ledger-writer-thread": "src/ledger-writer-thread.ts",
    },
    splitting: true,
    esbuildPlugins: [builtinsWithoutFacades],
    // Both builds write dist/: the first must not wipe what the second wrote.
    clean: false,
  }),
]);
