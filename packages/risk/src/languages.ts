import { extension } from "./paths.js";

/**
 * How to spot a new function in one added line of a language. Line patterns, not a parser: a diff holds
 * fragments that would not parse, and a signature split over several lines is missed rather than guessed.
 * A line counts once however many patterns it matches.
 */
export interface LanguagePatterns {
  id: string;
  /** Lower-case, with the dot. */
  extensions: readonly string[];
  functions: readonly RegExp[];
}

// Lines longer than this are minified or generated code; scanning them costs time and finds nothing useful.
const MAX_LINE = 400;

const TS_MODIFIERS =
  "(?:(?:public|private|protected|static|async|override|abstract|readonly|declare|get|set)\\s+)";
// Statements that look like `name(…) {` but are not declarations.
const TS_NOT_NAMES =
  "(?!(?:if|for|while|switch|catch|with|function|return|await|typeof|new|do|else|super|this)\\b)";

const JAVA_MODIFIERS =
  "(?:(?:public|protected|private|static|final|abstract|synchronized|native|default|strictfp)\\s+)";
const JAVA_NOT_TYPES = "(?!(?:return|new|throw|else|case|yield|assert|package|import)\\b)";
const JAVA_ANNOTATIONS = "(?:@[\\w.]+(?:\\([^)]*\\))?\\s+)*";

export const DEFAULT_LANGUAGES: readonly LanguagePatterns[] = [
  {
    id: "typescript",
    extensions: [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"],
    functions: [
      // function foo(, export default async function* gen(
      /^\s*(?:export\s+)?(?:default\s+)?(?:async\s+)?function\b/,
      // const foo = (a) =>, export const foo = async <T>(a: T): R =>, let f = x =>, const f = function (
      // and class fields: private handle = async (e: Event) =>
      /^\s*(?:export\s+)?(?:(?:const|let|var|public|private|protected|static|readonly|override)\s+)*[\w$#]+\s*(?::[^=]*)?=\s*(?:async\s+)?(?:function\b|(?:<[^>]*>\s*)?\([^)]*\)\s*(?::[^=]*)?=>|[\w$]+\s*=>)/,
      // The closing line of a multi-line arrow signature, as Prettier writes it: `): Promise<void> => {`.
      /^\s*\)\s*(?::[^=]*)?=>\s*\{\s*$/,
      // Class and object methods with the signature on one line: async save(user: User): Promise<void> {
      new RegExp(
        `^\\s*${TS_MODIFIERS}*\\*?${TS_NOT_NAMES}[\\w$#]+\\s*(?:<[^>]*>)?\\s*\\([^)]*\\)\\s*(?::[^{;=]*)?\\{\\s*\\}?\\s*$`,
      ),
      // Methods whose parameters continue on the next line; a modifier is required, since `expect(` is a call.
      new RegExp(`^\\s*${TS_MODIFIERS}+\\*?${TS_NOT_NAMES}[\\w$#]+\\s*(?:<[^>]*>)?\\s*\\(\\s*$`),
    ],
  },
  {
    id: "python",
    extensions: [".py", ".pyi"],
    functions: [/^\s*(?:async\s+)?def\s+\w+\s*\(/],
  },
  {
    id: "go",
    extensions: [".go"],
    // func Name(, func (r *Repo) Name(, func Map[T any](
    functions: [/^func\s+(?:\([^)]*\)\s*)?\w+\s*[[(]/],
  },
  {
    id: "java",
    extensions: [".java"],
    functions: [
      // public static <T> List<T> copy(List<T> in) throws IOException {, and abstract/interface `void f();`
      new RegExp(
        `^\\s*${JAVA_ANNOTATIONS}${JAVA_MODIFIERS}*(?:<[^>]+>\\s+)?${JAVA_NOT_TYPES}[\\w$][\\w$.]*(?:<[^()]*?>)?(?:\\[\\])*\\s+[\\w$]+\\s*\\([^()]*\\)\\s*(?:throws\\s+[\\w$.,\\s]+?)?\\s*(?:\\{.*|;)?$`,
      ),
      // Constructors: public Order(String id) {
      /^\s*(?:public|protected|private)\s+[A-Z][\w$]*\s*\([^()]*\)\s*(?:throws\s+[\w$.,\s]+?)?\s*\{/,
    ],
  },
  {
    id: "sql",
    extensions: [".sql"],
    // CREATE FUNCTION, CREATE OR REPLACE FUNCTION, CREATE OR ALTER PROCEDURE, CREATE DEFINER=`u`@`h` PROCEDURE
    functions: [
      /^\s*CREATE\s+(?:OR\s+(?:REPLACE|ALTER)\s+)?(?:DEFINER\s*=\s*\S+\s+)?(?:FUNCTION|PROCEDURE)\b/i,
    ],
  },
];

export function languageFor(
  path: string,
  languages: readonly LanguagePatterns[] = DEFAULT_LANGUAGES,
): LanguagePatterns | undefined {
  const ext = extension(path);
  return ext === "" ? undefined : languages.find((language) => language.extensions.includes(ext));
}

/** How many of `lines` (added lines, without their `+`) declare a function in `language`. */
export function countNewFunctions(lines: readonly string[], language: LanguagePatterns | undefined): number {
  if (language === undefined) return 0;
  let count = 0;
  for (const line of lines) {
    if (line.length > MAX_LINE) continue;
    if (language.functions.some((pattern) => pattern.test(line))) count++;
  }
  return count;
}
