// The projects the cache benches look up against, shared by cache.bench.mjs and lookup-ab.bench.mjs so both time
// the same trees.
import { mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";

// Files last changed an hour ago, as most of a project is: a file changed within the racy window (2 s) of a read
// is compared by content on every lookup, which is the slower path measured by "stale".
const anHourAgo = new Date(Date.now() - 3_600_000);

/** Writes `text` to `path` with an mtime an hour back. */
export function writeOld(path, text) {
  writeFileSync(path, text);
  utimesSync(path, anHourAgo, anHourAgo);
}

/** The 20 files a "hit against 20 unchanged files" reads, relative to the project root. */
export const MODULES = Array.from({ length: 20 }, (_, i) => `src/module-${i}.ts`);

/** The text of module `i` (of MODULES): 200 to 1,150 lines. */
export const moduleText = (i, lines = 200 + i * 50) => `// ${i}\n${"export const x = 1;\n".repeat(lines)}`;

/** Writes MODULES under `root`. */
export function writeModules(root) {
  mkdirSync(join(root, "src"), { recursive: true });
  for (const [i, path] of MODULES.entries()) writeOld(join(root, path), moduleText(i));
}

/**
 * A 5,000-file project: 50 folders of 100 files, a .gitignore, and an ignored build folder of 1,000 more files
 * that the searches must skip.
 */
export function writeSearchTree(tree) {
  for (let d = 0; d < 50; d++) {
    mkdirSync(join(tree, "src", `mod${d}`), { recursive: true });
    for (let f = 0; f < 100; f++) {
      const marker = (d * 100 + f) % 250 === 0 ? "depMarker();\n" : "";
      writeOld(
        join(tree, "src", `mod${d}`, `file${f}.${f % 4 === 0 ? "md" : "ts"}`),
        `// ${d}/${f}\n${marker}${"export const v = 1;\n".repeat(20)}`,
      );
    }
  }
  mkdirSync(join(tree, "dist"));
  for (let f = 0; f < 1000; f++) writeOld(join(tree, "dist", `out${f}.js`), "depMarker();\n");
  writeOld(join(tree, ".gitignore"), "dist/\n");
}

/** Three searches an Explore agent typically runs over the search tree at `tree`. */
export const searchesIn = (tree) => [
  ["Grep", { pattern: "depMarker", path: tree }],
  ["Glob", { pattern: "src/mod1*/**/*.ts" }],
  ["LS", { path: join(tree, "src", "mod7") }],
];
