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
 */

export type KeywordMatch = "word" | "substring";

/** A text prepared once and searched for many keywords. Indexes count code points, not UTF-16 units. */
export interface SearchableText {
  readonly chars: readonly string[];
  readonly lower: readonly string[];
  /** `boundary[i]`: a word may start or end before `chars[i]`; has `chars.length + 1` entries. */
  readonly boundary: readonly boolean[];
}

/** A keyword split into the parts that must appear in order; each part is lowercased code points. */
export interface CompiledKeyword {
  readonly source: string;
  readonly pieces: readonly (readonly string[])[];
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
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
    .map((piece) => Array.from(piece).map((c) => c.toLowerCase()));
  return { source: keyword, pieces };
}

/** Index after the match starting at `start`, or -1. */
function matchAt(text: SearchableText, keyword: CompiledKeyword, start: number, words: boolean): number {
  let at = start;
  for (const [index, piece] of keyword.pieces.entries()) {
    if (index > 0) while (at < text.chars.length && SEPARATOR.test(text.chars[at] ?? "")) at++;
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
  const first = keyword.pieces[0]?.[0];
  if (first === undefined) return undefined;
  const words = mode === "word";
  for (let start = 0; start < text.chars.length; start++) {
    if (text.lower[start] !== first || (words && !text.boundary[start])) continue;
    const end = matchAt(text, keyword, start, words);
    if (end >= 0) return text.chars.slice(start, end).join("");
  }
  return undefined;
}
