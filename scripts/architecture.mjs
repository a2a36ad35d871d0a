// The workspace's architecture as data, and the check that the code keeps to it: which package may import which,
// and which kinds of rule an app must not define (each has one owning library). Run by `pnpm test`
// (`node scripts/check-architecture.mjs`); its own tests are `scripts/architecture.test.mjs`.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * What each library may import from the workspace. A library never imports an app, and a package not listed here
 * is an error until its place is decided (so a new package cannot slip in without one).
 */
export const LIBRARY_IMPORTS = {
  "@vextrus/errors": [],
  // The apps' start-up: runs their CommonJS bundles from a V8 code cache.
  "@vextrus/code-cache": [],
  "@vextrus/complexity": ["@vextrus/errors"],
  "@vextrus/risk": ["@vextrus/errors"],
  "@vextrus/cost": ["@vextrus/errors"],
  "@vextrus/cache": ["@vextrus/errors"],
  "@vextrus/patterns": ["@vextrus/errors"],
  "@vextrus/metrics": ["@vextrus/errors", "@vextrus/cost"],
  // The team ledger copies the cost ledger's requests and prices them with cost's rules.
  "@vextrus/team": ["@vextrus/errors", "@vextrus/cost"],
  // metrics owns the gate status it stores; the orchestrator produces it.
  "@vextrus/orchestrator": [
    "@vextrus/errors",
    "@vextrus/cost",
    "@vextrus/complexity",
    "@vextrus/risk",
    "@vextrus/metrics",
  ],
  "@vextrus/config": [
    "@vextrus/errors",
    "@vextrus/cost",
    "@vextrus/cache",
    "@vextrus/complexity",
    "@vextrus/risk",
    "@vextrus/metrics",
    "@vextrus/patterns",
    "@vextrus/orchestrator",
    "@vextrus/team",
  ],
};

/** The apps may import any library; the hooks never import the CLI (the CLI ships the hook, not the reverse). */
export const APP_IMPORTS = {
  "@vextrus/hooks": Object.keys(LIBRARY_IMPORTS),
  "@vextrus/cli": [...Object.keys(LIBRARY_IMPORTS), "@vextrus/hooks"],
};

/**
 * Signs that an app defines a rule, default or data format that a library owns. Matched against app source with
 * comments removed; each names the owner, so the message says where the code belongs.
 */
export const APP_RULE_SIGNS = [
  { pattern: /["'`][\w.-]*\.db["'`]/, what: "a state database file name", owner: "@vextrus/config" },
  { pattern: /["'`][\w.-]*\.jsonl["'`]/, what: "a state history file name", owner: "@vextrus/config" },
  { pattern: /["'`]settings(\.local)?\.json["'`]/, what: "a settings file name", owner: "@vextrus/config" },
  {
    pattern: /\b(const|let|var)\s+(DEFAULT_OPTIMIZATION|FLAGS|FEATURES)\b/,
    what: "settings defaults or feature switches",
    owner: "@vextrus/config",
  },
  {
    pattern: /["'`]haiku-with-sonnet-review["'`]\s*:/,
    what: "a complexity tier mapped to something",
    owner: "@vextrus/complexity",
  },
  {
    pattern: /\bPASS or FAIL\b|PASS\\b/,
    what: "the agent-gate verdict protocol",
    owner: "@vextrus/orchestrator",
  },
  {
    // Reading the fields is the mapping; a schema that only accepts them (`ephemeral_1h_input_tokens: count`) is input.
    pattern: /\.\s*ephemeral_(5m|1h)_input_tokens\b/,
    what: "the API usage → token counts mapping",
    owner: "@vextrus/cost",
  },
  {
    pattern: /\bXDG_STATE_HOME\b|\bVEXTRUS_STATE_DIR\b/,
    what: "a state location rule",
    owner: "@vextrus/config",
  },
];

const SOURCE = /\.(ts|mts|js|mjs|cjs)$/;

function sourceFiles(dir) {
  let out = [];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out = out.concat(sourceFiles(path));
    else if (SOURCE.test(entry.name) && !/\.(test|bench)\.\w+$/.test(entry.name)) out.push(path);
  }
  return out;
}

/** Comments out, strings kept: a rule named in a comment ("see @vextrus/config") is not a rule defined. */
export function stripComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
}

const IMPORT = /\b(?:from\s*|import\s*\(\s*|import\s+|require\s*\(\s*)["']([^"']+)["']/g;

/** The workspace packages a source text imports (`@vextrus/cost/node` counts as `@vextrus/cost`). */
export function workspaceImports(text) {
  const found = new Set();
  for (const match of text.matchAll(IMPORT)) {
    const spec = match[1];
    const scoped = /^(@vextrus\/[^/]+)/.exec(spec);
    if (scoped) found.add(scoped[1]);
  }
  return [...found];
}

function packagesUnder(root, folder) {
  let names;
  try {
    names = readdirSync(join(root, folder));
  } catch {
    return [];
  }
  return names
    .map((name) => join(root, folder, name))
    .filter((dir) => {
      try {
        return statSync(join(dir, "package.json")).isFile();
      } catch {
        return false;
      }
    })
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) }));
}

/** Every breach of the architecture in the workspace at `root`, one line each (empty when it keeps to it). */
export function checkArchitecture(root) {
  const problems = [];
  const libraries = packagesUnder(root, "packages");
  const apps = packagesUnder(root, "apps");
  for (const { dir, manifest } of [...libraries, ...apps]) {
    const name = manifest.name;
    const isApp = apps.some((app) => app.dir === dir);
    const allowed = isApp ? APP_IMPORTS[name] : LIBRARY_IMPORTS[name];
    if (!allowed) {
      problems.push(
        `${relative(root, dir)}: ${name} has no place in scripts/architecture.mjs; add what it may import`,
      );
      continue;
    }
    const runtime = { ...manifest.dependencies, ...manifest.peerDependencies };
    for (const dep of Object.keys(runtime))
      if (dep.startsWith("@vextrus/") && !allowed.includes(dep))
        problems.push(`${relative(root, dir)}/package.json: ${name} may not depend on ${dep}`);
    for (const file of sourceFiles(join(dir, "src"))) {
      const text = stripComments(readFileSync(file, "utf8"));
      const where = relative(root, file);
      for (const imported of workspaceImports(text))
        if (imported !== name && !allowed.includes(imported))
          problems.push(`${where}: ${name} may not import ${imported}`);
      if (/from\s*["'](\.\.\/)+apps\//.test(text)) problems.push(`${where}: imports an app by relative path`);
      if (!isApp) continue;
      for (const sign of APP_RULE_SIGNS)
        if (sign.pattern.test(text))
          problems.push(`${where}: defines ${sign.what}; that rule belongs to ${sign.owner}`);
    }
  }
  return problems;
}
