#!/usr/bin/env node
// Fails (exit 1) when a library imports an app or a package it may not, or an app defines a rule a library owns.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { checkArchitecture } from "./architecture.mjs";

const problems = checkArchitecture(join(dirname(fileURLToPath(import.meta.url)), ".."));
if (problems.length > 0) {
  for (const line of problems) console.error(`architecture: ${line}`);
  console.error(`architecture: ${problems.length} problem(s); see the README's "Architecture" section`);
  process.exit(1);
}
console.log("architecture: every package keeps to its imports, no app defines a library's rule");
