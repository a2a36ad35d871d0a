import { defineConfig } from "tsup";
import { baseConfig } from "../../tsup.base.ts";
import { builtinsWithoutFacades } from "../../tsup.builtins.ts";
import pkg from "./package.json" with { type: "json" };

// Claude Code starts this process on every hook event, so start-up is the product (bench/startup.bench.mjs).
// A hook process runs one CommonJS file, hook.cjs, from a code cache made after the run for its event: V8 then
// neither parses nor compiles what the event does not call, so one file for every event costs no more than a
// file per event. The daemon, a long-lived process, loads the events as chunks instead.
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
  // The client loads first on every event (bin/vextrus-hook.cjs); run-hook.cjs and hook.cjs only when no daemon
  // answers. CommonJS, for run-hook.cjs to run hook.cjs with a code cache made after the run; each event's code in
  // hook.cjs is initialised only when that event is handled.
  baseConfig({
    ...app,
    banner: {},
    format: ["cjs"],
    entry: { client: "src/daemon/client.ts", "run-hook": "src/run-hook.ts" },
    splitting: false,
    outExtension: () => ({ js: ".cjs" }),
  }),
  baseConfig({
    ...app,
    banner: {},
    format: ["cjs"],
    // `shims` gives the bundle import.meta.url, where the daemon and the team push are looked for.
    shims: true,
    entry: { hook: "src/main.ts" },
    splitting: false,
    clean: false,
    outExtension: () => ({ js: ".cjs" }),
    esbuildPlugins: [builtinsWithoutFacades],
  }),
  // The daemon loads the events one at a time; they share their chunks (zod, SQLite, stores).
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
