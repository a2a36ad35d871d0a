/**
 * Keyword search at word boundaries. A text is split into words on every character that is not a letter or a
 * digit, on camelCase humps (`authService` → auth|Service, `OAuthClient` → O|Auth|Client), and between letters
 * and digits (`oauth2` → oauth|2). A keyword matches a run of whole words: it must start and end on a boundary,
 * so "auth" finds `src/auth/login.ts`, `user-auth.ts`, `authService.ts` and `AUTH_CONFIG.json`, but not
 * `author.ts`, `oauth.ts` or `authorize.ts`. Matching whole words rather than single words lets the keyword
 * "graphql" still find `GraphQLSchema.ts`, whose humps split it into Graph|QL|Schema.
 *
 * A keyword with several words ("event sourcing") matches them as a phrase: between its words the text may have any
 * run of whitespace, hyphens and underscores, or a camelCase hump, but nothing else, so "event. Sourcing" across a
 * sentence end does not match.
 *
 * A phrase may have `*` for a word it does not care about: "drop * table" matches "drop users table" and "drop the
 * table", and "drop * * table" matches "drop the users table". Each `*` stands for exactly one name as prompts
 * write them, in both match modes: a run of letters, digits, marks, `_` and `-` such as `user_sessions`.
 */

export type KeywordMatch = "word" | "substring";

/** A text prepared once and searched for many keywords. Indexes count code points, not UTF-16 units. */
export interface SearchableText {
  readonly chars: readonly string[];
  readonly lower: readonly string[];
  /** `boundary[i]`: a word may start or end before `chars[i]`; has `chars.length + 1` entries. */
  readonly boundary: readonly boolean[];
}

/** A keyword piece that stands for any one word. */
export const ANY_WORD = "*";

/** Lowercased code points to find, or `ANY_WORD`. */
export type KeywordPiece = readonly string[] | typeof ANY_WORD;

/** A keyword split into the parts that must appear in order. */
export interface CompiledKeyword {
  readonly source: string;
  readonly pieces: readonly KeywordPiece[];
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const NAME_CHAR = /[\p{L}\p{N}\p{M}_-]/u;
const UPPER = /[\p{Lu}\p{Lt}]/u;
const LOWER = /\p{Ll}/u;
const LETTER = /\p{L}/u;
const DIGIT = /\p{N}/u;
const SEPARATOR = /^[\s_-]$/u;
const SEPARATORS = /[\s_-]+/u;

function isBoundary(chars: readonly string[], at: number): boolean {
  const before = chars[at - 1];
  const after = chars[at];
  if (before === undefined || after === undefined) return true;
  if (!WORD_CHAR.test(before) || !WORD_CHAR.test(after)) return true;
  if (LOWER.test(before) && UPPER.test(after)) return true;
  // The last capital of an acronym starts the next word: `XMLParser` → XML|Parser.
  const next = chars[at + 1];
  if (UPPER.test(before) && UPPER.test(after) && next !== undefined && LOWER.test(next)) return true;
  return (LETTER.test(before) && DIGIT.test(after)) || (DIGIT.test(before) && LETTER.test(after));
}

export function searchable(text: string): SearchableText {
  const chars = Array.from(text);
  const boundary: boolean[] = [];
  for (let at = 0; at <= chars.length; at++) boundary.push(isBoundary(chars, at));
  return { chars, lower: chars.map((c) => c.toLowerCase()), boundary };
}

/** The keyword's parts, split where it has whitespace, hyphens or underscores; empty when it has nothing else. */
export function compileKeyword(keyword: string): CompiledKeyword {
  const pieces = keyword
    .split(SEPARATORS)
    .filter((piece) => piece !== "")
    .map(
      (piece): KeywordPiece =>
        piece === ANY_WORD ? ANY_WORD : Array.from(piece).map((c) => c.toLowerCase()),
    );
  return { source: keyword, pieces };
}

/** Whether the keyword names at least one word of its own: `*` alone, or `* *`, would match any text. */
export function hasLiteralPiece(keyword: CompiledKeyword): boolean {
  return keyword.pieces.some((piece) => piece !== ANY_WORD);
}

/**
 * Index after the word a wildcard stands for, starting at `at`, or -1 when none starts there. That word is written
 * the way names are in prompts, so it runs on through `_`, `-` and humps: `user_sessions`, `audit-log`, `userId`.
 */
function wildcardEnd(text: SearchableText, at: number): number {
  if (!text.boundary[at] || !WORD_CHAR.test(text.chars[at] ?? "")) return -1;
  let end = at + 1;
  while (end < text.chars.length && NAME_CHAR.test(text.chars[end] ?? "")) end++;
  return end;
}

/** Index after the match starting at `start`, or -1. */
function matchAt(text: SearchableText, keyword: CompiledKeyword, start: number, words: boolean): number {
  let at = start;
  for (const [index, piece] of keyword.pieces.entries()) {
    if (index > 0) while (at < text.chars.length && SEPARATOR.test(text.chars[at] ?? "")) at++;
    if (piece === ANY_WORD) {
      at = wildcardEnd(text, at);
      if (at < 0) return -1;
      continue;
    }
    if (words && !text.boundary[at]) return -1;
    for (const c of piece) {
      if (text.lower[at] !== c) return -1;
      at++;
    }
    if (words && !text.boundary[at]) return -1;
  }
  return at;
}

/** The first match of the keyword, as the text spells it, or undefined. */
export function findKeyword(
  text: SearchableText,
  keyword: CompiledKeyword,
  mode: KeywordMatch = "word",
): string | undefined {
  if (!hasLiteralPiece(keyword)) return undefined;
  const head = keyword.pieces[0];
  // A leading wildcard starts on any word; otherwise only where the keyword's first character is.
  const first = head === ANY_WORD ? undefined : head?.[0];
  const words = mode === "word";
  for (let start = 0; start < text.chars.length; start++) {
    if (first !== undefined && text.lower[start] !== first) continue;
    if ((words || first === undefined) && !text.boundary[start]) continue;
    const end = matchAt(text, keyword, start, words);
    if (end >= 0) return text.chars.slice(start, end).join("");
  }
  return undefined;
}
