/**
 * What a changed file is, for the risk rules. Docs and tests only decide the change kind (docs-only, tests-only);
 * every other rule looks at source files alone, which is what keeps "adding a file never lowers the score" true.
 */
export type FileClass = "docs" | "tests" | "source";

/** Test files by path, checked before docs so a fixture `.txt` under `test/` is a test file. */
export const TEST_PATH_PATTERNS: readonly RegExp[] = [
  /\.(?:test|spec)\.[^/]+$/i, // foo.test.ts, foo.spec.js, foo.test.tsx
  /(?:^|\/)__tests__\//,
  /(?:^|\/)tests?\//i, // test/, tests/, src/test/java/…
  /_test\.go$/,
  /(?:^|\/)test_[^/]*\.py$/,
  /_test\.py$/,
];

export const DOC_EXTENSIONS: readonly string[] = [".md", ".mdx", ".markdown", ".txt", ".rst", ".adoc"];

/** Extension-less prose files found at repository roots. */
export const DOC_NAMES: readonly string[] = [
  "LICENSE",
  "LICENCE",
  "COPYING",
  "AUTHORS",
  "CONTRIBUTORS",
  "CHANGELOG",
  "NOTICE",
];

// `.txt` files that drive builds, installs or crawlers: changing them changes behaviour, so they are source.
const TXT_NOT_DOCS = /^(?:CMakeLists|requirements.*|constraints.*|robots)\.txt$/i;

export function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** Lower-cased extension with its dot (`.ts`), or `""`; `.d.ts` files answer `.ts`. */
export function extension(path: string): string {
  const name = basename(path);
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot).toLowerCase() : "";
}

export function classifyPath(path: string): FileClass {
  if (TEST_PATH_PATTERNS.some((pattern) => pattern.test(path))) return "tests";
  const name = basename(path);
  if (DOC_NAMES.includes(name.toUpperCase())) return "docs";
  if (DOC_EXTENSIONS.includes(extension(path)) && !TXT_NOT_DOCS.test(name)) return "docs";
  return "source";
}

const CLASS_ORDER: Readonly<Record<FileClass, number>> = { docs: 0, tests: 1, source: 2 };

/** A rename counts as the riskier of its two paths: moving code into `docs/` still removes code. */
export function classifyChange(path: string, oldPath?: string): FileClass {
  const now = classifyPath(path);
  if (oldPath === undefined || oldPath === path) return now;
  const before = classifyPath(oldPath);
  return CLASS_ORDER[before] > CLASS_ORDER[now] ? before : now;
}

/**
 * The words of a path: split on every non-letter/digit (`/`, `.`, `_`, `-`, spaces…), on camelCase and
 * PascalCase humps, and between letters and digits; lower-cased. `src/PaymentService.ts` →
 * `src payment service ts`; `author.ts` → `author ts`, which is why `author.ts` is not an auth change.
 */
export function pathWords(path: string): string[] {
  return path
    .replace(/([\p{Ll}\d])(\p{Lu})/gu, "$1 $2")
    .replace(/(\p{Lu}+)(\p{Lu}\p{Ll})/gu, "$1 $2")
    .replace(/(\p{L})(\d)/gu, "$1 $2")
    .replace(/(\d)(\p{L})/gu, "$1 $2")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

/**
 * Other spellings that mean the same concern. Without them `authentication/` would not be an `auth` change,
 * since matching is by whole word. Keyed by the configured word, so they apply wherever that word is used.
 */
export const WORD_ALIASES: Readonly<Record<string, readonly string[]>> = {
  auth: [
    "authn",
    "authz",
    "oauth",
    "authenticate",
    "authentication",
    "authenticator",
    "authorize",
    "authorization",
    "authorizer",
  ],
};

/** A word, its plurals (`payments`, `policies`, `classes`) and its aliases, lower-cased. */
export function wordForms(word: string): string[] {
  const forms = new Set<string>();
  for (const base of [word.toLowerCase(), ...(WORD_ALIASES[word.toLowerCase()] ?? [])]) {
    forms.add(base);
    forms.add(`${base}s`);
    forms.add(`${base}es`);
    if (/[^aeiou]y$/.test(base)) forms.add(`${base.slice(0, -1)}ies`);
  }
  return [...forms];
}

export interface PathWordMatch {
  /** The configured word, as configured. */
  word: string;
  /** The first path it was found in. */
  path: string;
}

/**
 * Which of `words` occur as whole words in any of `paths`, each reported once with the first path that has it,
 * in the order of `words`.
 */
export function matchPathWords(paths: Iterable<string>, words: readonly string[]): PathWordMatch[] {
  const unique = [...new Map(words.map((word) => [word.toLowerCase(), word])).values()];
  const byForm = new Map<string, string>();
  for (const word of unique)
    for (const form of wordForms(word)) if (!byForm.has(form)) byForm.set(form, word);
  const found = new Map<string, string>();
  for (const path of paths) {
    for (const token of pathWords(path)) {
      const word = byForm.get(token);
      if (word !== undefined && !found.has(word)) found.set(word, path);
    }
    if (found.size === unique.length) break;
  }
  return unique.flatMap((word) => {
    const path = found.get(word);
    return path === undefined ? [] : [{ word, path }];
  });
}
