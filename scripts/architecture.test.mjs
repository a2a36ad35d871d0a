// Run by `pnpm test` with Node's own runner: proves the architecture check catches each kind of breach.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { checkArchitecture, stripComments, workspaceImports } from "./architecture.mjs";

function workspace(files) {
  const root = mkdtempSync(join(tmpdir(), "vextrus-arch-"));
  const all = {
    "packages/cost/package.json": {
      name: "@vextrus/cost",
      dependencies: { "@vextrus/errors": "workspace:^" },
    },
    "packages/cost/src/index.ts": 'import { VextrusError } from "@vextrus/errors";\n',
    "packages/errors/package.json": { name: "@vextrus/errors" },
    "packages/errors/src/index.ts": "export class VextrusError extends Error {}\n",
    "apps/cli/package.json": { name: "@vextrus/cli" },
    "apps/cli/src/main.ts": 'import { stateFiles } from "@vextrus/config";\nconst x = stateFiles.metrics;\n',
    ...files,
  };
  for (const [path, content] of Object.entries(all)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, typeof content === "string" ? content : JSON.stringify(content));
  }
  return root;
}

function problemsOf(files) {
  const root = workspace(files);
  try {
    return checkArchitecture(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

test("a workspace that keeps to its architecture has no problems", () => {
  assert.deepEqual(problemsOf({}), []);
});

test("a library that imports an app fails", () => {
  const problems = problemsOf({ "packages/cost/src/bad.ts": 'import { main } from "@vextrus/cli";\n' });
  assert.deepEqual(problems, ["packages/cost/src/bad.ts: @vextrus/cost may not import @vextrus/cli"]);
});

test("a library that imports a library outside its list fails, by source and by manifest", () => {
  const problems = problemsOf({
    "packages/cost/package.json": {
      name: "@vextrus/cost",
      dependencies: { "@vextrus/metrics": "workspace:^" },
    },
    "packages/cost/src/bad.ts": 'const m = await import("@vextrus/metrics/node");\n',
  });
  assert.deepEqual(problems.sort(), [
    "packages/cost/package.json: @vextrus/cost may not depend on @vextrus/metrics",
    "packages/cost/src/bad.ts: @vextrus/cost may not import @vextrus/metrics",
  ]);
});

test("an app that spells a state file name or maps a tier fails and names the owner", () => {
  const problems = problemsOf({
    "apps/cli/src/metrics.ts": 'const path = join(dir, "metrics.db");\n',
    "apps/cli/src/tier.ts": 'const MODEL = { "haiku-with-sonnet-review": "sonnet" };\n',
  });
  assert.deepEqual(problems.sort(), [
    "apps/cli/src/metrics.ts: defines a state database file name; that rule belongs to @vextrus/config",
    "apps/cli/src/tier.ts: defines a complexity tier mapped to something; that rule belongs to @vextrus/complexity",
  ]);
});

test("a rule named in a comment or a test file is not a rule defined", () => {
  const problems = problemsOf({
    "apps/cli/src/note.ts":
      '// the ledger is "vextrus.db" in the user folder (see @vextrus/config)\nexport {};\n',
    "apps/cli/src/note.test.ts": 'const path = "metrics.db";\n',
  });
  assert.deepEqual(problems, []);
});

test("a package without a place in the architecture fails", () => {
  const problems = problemsOf({ "packages/new/package.json": { name: "@vextrus/new" } });
  assert.match(problems[0] ?? "", /@vextrus\/new has no place/);
});

test("imports are found in every form, subpaths counted as their package", () => {
  const text = [
    'import { a } from "@vextrus/cost";',
    'import "@vextrus/risk/git";',
    'export { b } from "@vextrus/cache/node";',
    'const c = await import("@vextrus/metrics");',
    'const d = require("@vextrus/patterns");',
  ].join("\n");
  assert.deepEqual(workspaceImports(text).sort(), [
    "@vextrus/cache",
    "@vextrus/cost",
    "@vextrus/metrics",
    "@vextrus/patterns",
    "@vextrus/risk",
  ]);
  assert.equal(stripComments('const url = "http://x"; // "a.db"'), 'const url = "http://x"; ');
});

test("an app that holds the agent-gate verdict or reads the usage split fails; a schema of the input does not", () => {
  const problems = problemsOf({
    "apps/cli/src/gate.ts": "const passed = /^\\s*\\**PASS\\b/i.test(output);\n",
    "apps/cli/src/usage.ts": "const write1h = u.cache_creation.ephemeral_1h_input_tokens;\n",
    "apps/cli/src/input.ts": "const usage = object({ ephemeral_1h_input_tokens: count });\n",
  });
  assert.deepEqual(problems.sort(), [
    "apps/cli/src/gate.ts: defines the agent-gate verdict protocol; that rule belongs to @vextrus/orchestrator",
    "apps/cli/src/usage.ts: defines the API usage → token counts mapping; that rule belongs to @vextrus/cost",
  ]);
});
