/**
 * Words for matching. A text is split on every character that is not a letter or a digit and on camelCase humps
 * (`refundWebhook` → refund|webhook, `OAuthClient` → o|auth|client), lowercased, and each word is stemmed lightly so
 * "payments", "payment" and "caching", "cache", "cached" meet. Letters and digits stay together (`oauth2`, `s3`,
 * `v2` are names), but words that are only digits are dropped: in paths they are dates and migration numbers,
 * unique per file, so they only add noise. One-character words and stop words are dropped too.
 */

/** A term as indexed, and the word it came from as the text spells it (lowercased). */
export interface Token {
  readonly term: string;
  readonly word: string;
}

/** English function words: they appear in every description and say nothing about the task. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "a an and are as at be but by do for from has have if in into is it its not no of on or our so than " +
    "that the their then there these this to up was we were when which will with without via"
  ).split(" "),
);

/** Path parts every project has, which would otherwise make every path look alike. */
export const PATH_STOP_WORDS: ReadonlySet<string> = new Set(
  "src lib dist index ts tsx js jsx mjs cjs mts cts".split(" "),
);

const HUMP_LOWER = /([\p{Ll}\p{N}])(\p{Lu})/gu;
// The last capital of an acronym starts the next word: `XMLParser` → XML|Parser.
const HUMP_ACRONYM = /(\p{Lu})(\p{Lu}\p{Ll})/gu;
const NOT_WORD = /[^\p{L}\p{N}\p{M}]+/u;
const DIGITS = /^\p{N}+$/u;
const VOWEL = /[aeiouy]/;

/** Doubled final consonants left by "-ing"/"-ed" (`mapping` → mapp → map); ll, ss and zz are kept (`install`). */
function undouble(stem: string): string {
  const last = stem.at(-1);
  if (last !== undefined && stem.at(-2) === last && !"lsz".includes(last) && !VOWEL.test(last)) {
    return stem.slice(0, -1);
  }
  return stem;
}

/**
 * Light suffix stripping, not a full Porter stemmer: plurals (-ies, -es after s/x/z/ch/sh, -s), then -ing and -ed
 * when a stem of three letters with a vowel is left, then a final -e on words of five letters or more, so the
 * "-e" verbs meet their "-ing" forms (cache/caching → cach, migrate/migrating → migrat). A stem is never shown to
 * the user on its own: matches list the words as written.
 */
export function stem(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith("ies")) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && /(?:s|x|z|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith("s") && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);

  if (w.length > 5 && w.endsWith("ing") && VOWEL.test(w.slice(0, -3))) w = undouble(w.slice(0, -3));
  else if (w.length > 4 && w.endsWith("ed") && !w.endsWith("eed") && VOWEL.test(w.slice(0, -2))) {
    w = undouble(w.slice(0, -2));
  }

  if (w.length >= 5 && w.endsWith("e")) w = w.slice(0, -1);
  return w;
}

/** The words of a text: split, lowercased, filtered; before stemming. */
export function words(text: string, stopWords: ReadonlySet<string> = STOP_WORDS): string[] {
  const split = text.replace(HUMP_LOWER, "$1 $2").replace(HUMP_ACRONYM, "$1 $2").split(NOT_WORD);
  const out: string[] = [];
  for (const part of split) {
    const word = part.toLowerCase();
    if (word.length < 2 || DIGITS.test(word) || stopWords.has(word)) continue;
    out.push(word);
  }
  return out;
}

export function tokenize(text: string): Token[] {
  return words(text).map((word) => ({ term: stem(word), word }));
}

/** Path words: the same rules plus `PATH_STOP_WORDS`. */
export function tokenizePath(path: string): Token[] {
  return words(path)
    .filter((word) => !PATH_STOP_WORDS.has(word))
    .map((word) => ({ term: stem(word), word }));
}
