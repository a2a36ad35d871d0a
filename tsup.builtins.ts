import { builtinModules } from "node:module";
import type { Options } from "tsup";

type Plugin = NonNullable<Options["esbuildPlugins"]>[number];

const BUILTINS = new Set(builtinModules);

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
/** The package a file under node_modules belongs to (pnpm's layout included). */
const PACKAGE = /node_modules[\\/](?:\.pnpm[\\/][^\\/]+[\\/]node_modules[\\/])?((?:@[^\\/]+[\\/])?[^\\/]+)/;

/**
 * A built-in as an ES module that reads `process.getBuiltinModule` once and exports each of its names as a pure read,
 * which the bundler drops where no module imports it. Node's own ES facade reads every export, getters included
 * (`node:fs`'s `ReadStream` getter loads Node's streams, `node:util`'s `TextDecoder` its worker threads), and a
 * CommonJS shim is copied export by export into a namespace object.
 */
function valuesOf(path: string): string {
  const id = path.replace(/#.*/, "");
  const names = Object.keys(process.getBuiltinModule(id) as object).filter(
    (name) => IDENTIFIER.test(name) && name !== "default",
  );
  return [
    // `$` in the module's own names: no built-in export has one.
    `const $module$ = process.getBuiltinModule(${JSON.stringify(id)});`,
    "const $read$ = (name) => $module$[name];",
    "export default $module$;",
    ...names.map((name) => `export const ${name} = /* @__PURE__ */ $read$(${JSON.stringify(name)});`),
    "",
  ].join("\n");
}

/**
 * commander requires `node:child_process` at load only to run executable subcommands, which vextrus has none of;
 * loaded for it, the module brings `net` and the streams (~10 ms on every command).
 */
const COMMANDER_CHILD_PROCESS = `export default {
  spawn: (...args) => process.getBuiltinModule("node:child_process").spawn(...args),
};
`;

/**
 * Node's built-ins without their ES facades, so a command loads only what it uses (docs/node-startup.md).
 * `process.getBuiltinModule` is Node 22.3+; the bin asks for 22.13.
 */
export const builtinsWithoutFacades: Plugin = {
  name: "builtins-without-facades",
  setup(build) {
    build.onResolve({ filter: /^(node:)?[a-z_]+(\/[a-z_]+)?$/ }, (args) => {
      const bare = args.path.replace(/^node:/, "");
      if (!args.path.startsWith("node:") && !BUILTINS.has(bare)) return undefined;
      const lazy = bare === "child_process" && /[\\/]commander[\\/]/.test(args.importer);
      // `require()` takes the module object as it is; copied into a namespace, each export would be read.
      const namespace = lazy
        ? "commander-child-process"
        : args.kind === "require-call"
          ? "node-require"
          : "node-builtin";
      // A dependency's own copy: one that takes a whole namespace (`import * as fs`, the Anthropic SDK) keeps every
      // export of its copy, read when that dependency loads, not in the copy the CLI's start-up shares.
      const owner = PACKAGE.exec(args.importer)?.[1];
      return { path: owner ? `node:${bare}#${owner}` : `node:${bare}`, namespace };
    });
    build.onLoad({ filter: /.*/, namespace: "node-require" }, (args) => ({
      contents: `module.exports = process.getBuiltinModule(${JSON.stringify(args.path.replace(/#.*/, ""))});\n`,
      loader: "js",
    }));
    build.onLoad({ filter: /.*/, namespace: "node-builtin" }, (args) => ({
      contents: valuesOf(args.path),
      loader: "js",
    }));
    build.onLoad({ filter: /.*/, namespace: "commander-child-process" }, () => ({
      contents: COMMANDER_CHILD_PROCESS,
      loader: "js",
    }));
  },
};
