#!/usr/bin/env node
import module from "node:module";

// V8's code cache makes the second and later starts ~10 ms faster; it lives in the OS temp folder.
module.enableCompileCache?.();
const { main } = await import("../dist/main.js");
process.exitCode = await main(process.argv.slice(2));
