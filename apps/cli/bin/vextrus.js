#!/usr/bin/env node
import module from "node:module";

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 13)) {
  process.stderr.write(
    `vextrus: needs Node 22.13 or newer (node:sqlite); this is Node ${process.versions.node}\n`,
  );
  process.exit(1);
}
const args = process.argv.slice(2);
// Claude Code runs the status line after every assistant message: it skips commander and every other command. It
// and the cost reports are one file each, loaded with a code cache made after the run (docs/node-startup.md).
if (args.length === 1 && args[0] === "statusline") {
  const { runBundle } = await import("../dist/run-bundle.js");
  process.exitCode = await runBundle("statusline", (bundle) => bundle.statusline());
} else if (args[0] === "cost") {
  // The cost reports without the other commands' code: one file instead of two dozen chunks.
  const { runBundle, subcommandVariant } = await import("../dist/run-bundle.js");
  process.exitCode = await runBundle("cost", (bundle) => bundle.main(args), subcommandVariant(args));
} else {
  // V8's code cache makes the second and later starts ~10 ms faster; it lives in the OS temp folder.
  module.enableCompileCache?.();
  const { main } = await import("../dist/main.js");
  process.exitCode = await main(args);
}
