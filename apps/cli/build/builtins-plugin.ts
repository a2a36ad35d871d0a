import { builtinModules } from "node:module";
import type { Options } from "tsup";

type Plugin = NonNullable<Options["esbuildPlugins"]>[number];

const BUILTINS = new Set(builtinModules);

/**
 * Node's built-ins as `process.getBuiltinModule` calls instead of ES imports. An ES import of a built-in goes
 * through a facade that reads every export once, getters included: `node:fs`'s `ReadStream` getter alone loads
 * Node's streams (~9 ms), which a status line that writes with `fs.writeSync` never needs. Read as CommonJS, the
 * bundle reaches each export when it is used. `process.getBuiltinModule` is Node 22.3+; the bin asks for 22.13.
 */
export const builtinsWithoutFacades: Plugin = {
  name: "builtins-without-facades",
  setup(build) {
    build.onResolve({ filter: /^(node:)?[a-z_]+(\/[a-z_]+)?$/ }, (args) => {
      const bare = args.path.replace(/^node:/, "");
      if (!args.path.startsWith("node:") && !BUILTINS.has(bare)) return undefined;
      return { path: `node:${bare}`, namespace: "node-builtin" };
    });
    build.onLoad({ filter: /.*/, namespace: "node-builtin" }, (args) => ({
      contents: `module.exports = process.getBuiltinModule(${JSON.stringify(args.path)});`,
      loader: "js",
    }));
  },
};
