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
  /** How many code points the text has. */
  readonly length: number;
  /** The code point at `at` as written, or "" past the end. */
  charAt(at: number): string;
  /** The code point at `at` lowercased on its own, or "" past the end. */
  lowerAt(at: number): string;
  /** `boundary[i]` is 1 when a word may start or end before code point `i`; has `length + 1` entries. */
  readonly boundary: Uint8Array;
  /** The code points from `start` to before `end`, as written. */
  slice(start: number, end: number): string;
  /**
   * The whole text lowercased, when its UTF-16 indexes are its code point indexes (almost every text): keywords
   * are then found with the native `indexOf`, which keeps a pasted log of megabytes fast.
   */
  readonly joined: string | undefined;
  /**
   * Where `needle` (lowercase) occurs in `joined`, or nothing when there is no `joined`; computed once per needle,
   * as many keywords start alike ("drop table", "drop * table", …).
   */
  occurrences(needle: string): readonly number[];
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
const MARK = /\p{M}/u;
const SEPARATOR = /^[\s_-]$/u;
const SEPARATORS = /[\s_-]+/u;
const SURROGATE = /[\uD800-\uDFFF]/;

// Character classes, found once per character (ASCII without a regular expression).
const NOT_WORD = 0;
const LOWER_CASE = 1;
const UPPER_CASE = 2;
const CASELESS = 3;
const NUMBER = 4;
const COMBINING = 5;

function classOf(c: string): number {
  const code = c.charCodeAt(0);
  if (code < 0x80) {
    if (code >= 0x61 && code <= 0x7a) return LOWER_CASE;
    if (code >= 0x41 && code <= 0x5a) return UPPER_CASE;
    return code >= 0x30 && code <= 0x39 ? NUMBER : NOT_WORD;
  }
  if (LOWER.test(c)) return LOWER_CASE;
  if (UPPER.test(c)) return UPPER_CASE;
  if (LETTER.test(c)) return CASELESS;
  if (DIGIT.test(c)) return NUMBER;
  return MARK.test(c) ? COMBINING : NOT_WORD;
}

const isLetter = (kind: number | undefined) =>
  kind === LOWER_CASE || kind === UPPER_CASE || kind === CASELESS;

function isBoundary(kinds: Uint8Array, at: number): boolean {
  const before = kinds[at - 1];
  const after = kinds[at];
  if (before === undefined || after === undefined) return true;
  if (before === NOT_WORD || after === NOT_WORD) return true;
  if (before === LOWER_CASE && after === UPPER_CASE) return true;
  // The last capital of an acronym starts the next word: `XMLParser` → XML|Parser.
  if (before === UPPER_CASE && after === UPPER_CASE && kinds[at + 1] === LOWER_CASE) return true;
  return (isLetter(before) && after === NUMBER) || (before === NUMBER && isLetter(after));
}

function boundaries(length: number, charAt: (at: number) => string): Uint8Array {
  const kinds = new Uint8Array(length);
  for (let at = 0; at < length; at++) kinds[at] = classOf(charAt(at));
  const boundary = new Uint8Array(length + 1);
  for (let at = 0; at <= length; at++) boundary[at] = isBoundary(kinds, at) ? 1 : 0;
  return boundary;
}

export function searchable(text: string): SearchableText {
  // Lowercasing a whole string equals lowercasing each character except for a final sigma (Σ → ς), and keeps the
  // indexes only when no character grows; when both hold, the string itself is the array of code points.
  const lowered = text.includes("Σ") || SURROGATE.test(text) ? undefined : text.toLowerCase();
  if (lowered !== undefined && lowered.length === text.length) {
    const charAt = (at: number) => text[at] ?? "";
    const found = new Map<string, number[]>();
    return {
      length: text.length,
      charAt,
      lowerAt: (at) => lowered[at] ?? "",
      boundary: boundaries(text.length, charAt),
      slice: (start, end) => text.slice(start, end),
      joined: lowered,
      occurrences(needle) {
        let list = found.get(needle);
        if (list === undefined) {
          list = [];
          for (let at = lowered.indexOf(needle); at >= 0; at = lowered.indexOf(needle, at + 1)) list.push(at);
          found.set(needle, list);
        }
        return list;
      },
    };
  }
  const chars = Array.from(text);
  const lower = chars.map((c) => c.toLowerCase());
  const charAt = (at: number) => chars[at] ?? "";
  return {
    length: chars.length,
    charAt,
    lowerAt: (at) => lower[at] ?? "",
    boundary: boundaries(chars.length, charAt),
    slice: (start, end) => chars.slice(start, end).join(""),
    joined: undefined,
    occurrences: () => [],
  };
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
  if (text.boundary[at] !== 1 || !WORD_CHAR.test(text.charAt(at))) return -1;
  let end = at + 1;
  while (end < text.length && NAME_CHAR.test(text.charAt(end))) end++;
  return end;
}

/** Index after the match starting at `start`, or -1. */
function matchAt(text: SearchableText, keyword: CompiledKeyword, start: number, words: boolean): number {
  let at = start;
  for (let index = 0; index < keyword.pieces.length; index++) {
    const piece = keyword.pieces[index] as KeywordPiece;
    if (index > 0) while (at < text.length && SEPARATOR.test(text.charAt(at))) at++;
    if (piece === ANY_WORD) {
      at = wildcardEnd(text, at);
      if (at < 0) return -1;
      continue;
    }
    if (words && text.boundary[at] !== 1) return -1;
    for (const c of piece) {
      if (text.lowerAt(at) !== c) return -1;
      at++;
    }
    if (words && text.boundary[at] !== 1) return -1;
  }
  return at;
}

/** Positions where `piece` may start a match: where its text is, and in word mode only on a boundary. */
function* candidates(text: SearchableText, piece: readonly string[], words: boolean): Generator<number> {
  if (text.joined !== undefined) {
    for (const at of text.occurrences(piece.join(""))) if (!words || text.boundary[at] === 1) yield at;
    return;
  }
  const first = piece[0];
  for (let at = 0; at < text.length; at++)
    if (text.lowerAt(at) === first && (!words || text.boundary[at] === 1)) yield at;
}

/** Every position, for a keyword that starts with a wildcard: `matchAt` checks that a word starts there. */
function* everywhere(text: SearchableText): Generator<number> {
  for (let at = 0; at < text.length; at++) yield at;
}

/** The first match of the keyword, as the text spells it, or undefined. */
export function findKeyword(
  text: SearchableText,
  keyword: CompiledKeyword,
  mode: KeywordMatch = "word",
): string | undefined {
  if (!hasLiteralPiece(keyword)) return undefined;
  const words = mode === "word";
  const head = keyword.pieces[0];
  if (head === undefined) return undefined;
  const starts = head === ANY_WORD ? everywhere(text) : candidates(text, head, words);
  for (const start of starts) {
    const end = matchAt(text, keyword, start, words);
    if (end >= 0) return text.slice(start, end);
  }
  return undefined;
}
