#!/usr/bin/env node
// Claude Code runs this on its hook events (see `vextrus init`). Whatever happens, it must not break the session:
// too old a Node is a one-line note and exit 0, never a non-zero exit Claude Code would report on every event.
// CommonJS, like dist/client.cjs: the ESM loader would add ~2.5 ms to every event.
"use strict";

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 13)) {
  process.stderr.write(`vextrus-hook: needs Node 22.13 or newer; this is Node ${process.versions.node}\n`);
} else {
  // V8's code cache: ~10 ms off every later start (docs/node-startup.md).
  require("node:module").enableCompileCache?.();
  main();
}

async function main() {
  const client = require("../dist/client.cjs");
  const [event, op] = process.argv.slice(2);
  if (event === "--daemon") {
    const { text, code } = await client.daemonCommand(op);
    client.writeAll(code === 0 ? 1 : 2, text);
    process.exit(code);
  }
  const stdin = client.readStdin();
  // With `optimization.latency.hook_daemon` on, a running daemon handles the event: no libraries load here.
  const socket = client.wantedSocket(process.env);
  const answer = socket && (await client.askDaemon(socket, event, stdin));
  if (answer) {
    if (answer.stderr) client.writeAll(2, answer.stderr);
    if (answer.stdout) client.writeAll(1, answer.stdout);
    process.exit(0);
  }
  await require("../dist/run-hook.cjs").runHook(event, stdin, socket !== undefined);
}
