#!/usr/bin/env node
// What a published @vextrus/* tarball must be, checked on the tarball itself (`pnpm pack`), for every workspace
// package, new ones included (found from pnpm-workspace.yaml, not listed here):
// - LICENSE (MIT) in the folder and in the tarball, "license": "MIT", a repository naming the folder;
// - no source maps (*.map) in the tarball: they were 8.2 MB of the CLI's 11.5 MB;
// - publint --strict on the tarball;
// - @arethetypeswrong/cli with the esm-only profile on libraries (every package with types in its exports): the
//   packages are ESM only ("type": "module", `import` conditions, Node 22.13+), so node10 and require() from
//   CommonJS cannot resolve them by design; esm-only skips exactly those two resolutions and checks the rest.
//   The apps ship commands, not types, so attw has nothing to check there;
// - then `manypkg check` once over the workspace (one version of each dependency, workspace ranges, sorted);
// - and no source file citing a document outside the repository (outside facts live in docs/).
// Run by `pnpm test` after the build (turbo task //#check:packages, cached on dist/ and package.json).
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { publint } from "publint";
import { formatMessage } from "publint/utils";

const run = promisify(execFile);
const root = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const bin = (name) => join(root, "node_modules/.bin", name);

function workspaceDirs() {
  const yaml = readFileSync(join(root, "pnpm-workspace.yaml"), "utf8");
  const globs = [...yaml.matchAll(/^\s+-\s+"?([\w./-]+)\/\*"?\s*$/gm)].map((m) => m[1]);
  return globs.flatMap((dir) =>
    readdirSync(join(root, dir), { withFileTypes: true })
      .filter((e) => e.isDirectory() && existsSync(join(root, dir, e.name, "package.json")))
      .map((e) => join(root, dir, e.name)),
  );
}

/** Comments cite docs/ of this repository; a design file outside it is not there for a reader. */
const OUTSIDE_DOC = ["DESIGN", "md"].join("."); // spelled apart so this file does not cite it

function outsideCitations(dirs) {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name === "dist") continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (
        /\.(ts|mts|js|mjs|cjs)$/.test(entry.name) &&
        readFileSync(path, "utf8").includes(OUTSIDE_DOC)
      ) {
        found.push(
          `${relative(root, path)}: cites ${OUTSIDE_DOC}, which is not in the repository; cite docs/ instead`,
        );
      }
    }
  };
  for (const dir of dirs) walk(dir);
  return found;
}

function hasTypes(exportsField) {
  return JSON.stringify(exportsField ?? {}).includes('"types"');
}

async function checkPackage(dir, scratch) {
  const folder = relative(root, dir);
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const problems = [];
  const license = join(dir, "LICENSE");
  if (!existsSync(license) || !readFileSync(license, "utf8").startsWith("MIT License")) {
    problems.push(`${folder}/LICENSE: missing or not the MIT text; copy the root LICENSE`);
  }
  if (pkg.license !== "MIT") problems.push(`${folder}/package.json license: expected "MIT"`);
  if (!pkg.repository?.url || pkg.repository?.directory !== folder) {
    problems.push(`${folder}/package.json repository: expected { type, url, directory: "${folder}" }`);
  }
  if (pkg.private) return { folder, problems, skipped: "private" };

  const out = join(scratch, folder.replaceAll("/", "-"));
  const { stdout } = await run("pnpm", ["pack", "--json", "--pack-destination", out], { cwd: dir });
  const packed = JSON.parse(stdout);
  const files = packed.files.map((f) => f.path);
  if (!files.includes("LICENSE")) problems.push(`${folder}: LICENSE is not in the tarball`);
  const maps = files.filter((f) => f.endsWith(".map"));
  if (maps.length)
    problems.push(`${folder}: source maps in the tarball (${maps.join(", ")}); build without them`);

  // publint reads the tarball itself; its files sit under package/, as npm packs them.
  const tarball = readFileSync(packed.filename);
  const bytes = tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength);
  const lint = await publint({ pkgDir: "package", strict: true, pack: { tarball: bytes } });
  for (const message of lint.messages) {
    problems.push(
      `${folder}: publint ${message.type}: ${formatMessage(message, lint.pkg, { color: false })}`,
    );
  }
  if (hasTypes(pkg.exports)) {
    try {
      await run(bin("attw"), [packed.filename, "--profile", "esm-only", "--format", "ascii", "--no-emoji"], {
        cwd: dir,
      });
    } catch (error) {
      problems.push(`${folder}: attw --profile esm-only\n${error.stdout || error.message}`);
    }
  }
  return { folder, problems, files: files.length, bytes: packed.unpackedSize ?? tarball.length };
}

async function main() {
  const scratch = mkdtempSync(join(tmpdir(), "vextrus-check-packages-"));
  try {
    const dirs = workspaceDirs();
    const results = [];
    // Two at a time: packing and attw are mostly waiting on child processes, and the machine may be small.
    for (let i = 0; i < dirs.length; i += 2) {
      results.push(...(await Promise.all(dirs.slice(i, i + 2).map((d) => checkPackage(d, scratch)))));
    }
    const problems = [
      ...results.flatMap((r) => r.problems),
      ...outsideCitations([...dirs, join(root, "scripts")]),
    ];
    try {
      await run(bin("manypkg"), ["check"], { cwd: root });
    } catch (error) {
      problems.push(`manypkg check:\n${(error.stdout || "") + (error.stderr || "") || error.message}`);
    }
    for (const r of results) {
      process.stdout.write(`check-packages: ${r.folder} ${r.skipped ?? `${r.files} files`}\n`);
    }
    if (problems.length) {
      process.stderr.write(`${problems.map((p) => `check-packages: ${p}`).join("\n")}\n`);
      process.exitCode = 1;
    } else {
      process.stdout.write(
        `check-packages: ${results.length} packages: LICENSE, fields, tarball, publint, attw, manypkg ok\n`,
      );
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
