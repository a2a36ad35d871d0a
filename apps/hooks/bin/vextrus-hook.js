#!/usr/bin/env node
// Claude Code runs this on its hook events (see `vextrus init`). Whatever happens, it must not break the session:
// too old a Node is a one-line note and exit 0, never a non-zero exit Claude Code would report on every event.
import module from "node:module";

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 13)) {
  process.stderr.write(`vextrus-hook: needs Node 22.13 or newer; this is Node ${process.versions.node}\n`);
} else {
  // V8's code cache: ~10 ms off every later start (DESIGN.md, machine facts).
  module.enableCompileCache?.();
  const { runHookProcess } = await import("../dist/hook.js");
  await runHookProcess(process.argv[2]);
}
