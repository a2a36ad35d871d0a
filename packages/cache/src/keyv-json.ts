import type { Keyv } from "keyv";

/**
 * A JSON string in keyv's serialised form that may hold a string value starting with ":" (written `":` right
 * after what can precede an opening quote, or with the colon escaped): only such a value needs keyv's reviver,
 * which turns ":base64:…" into a Buffer and removes the ":" keyv adds in front of a string starting with one.
 * Anything else (a key's closing quote before its colon, text inside a string) only sends a value the slow way.
 */
const MAY_HOLD_COLON_STRING = /(?:^|[[{,:\s])"(?::|\\u003[aA])/;

/**
 * Makes `keyv` read its values with a plain `JSON.parse` when they hold no string starting with ":", and with
 * keyv's own deserialiser otherwise: same values either way. keyv's parses every value through a reviver, and
 * for an entry of a few kilobytes that was a fifth of a cache hit (70 µs against 15 µs on the bench machine).
 */
export function readJsonFast(keyv: Keyv): void {
  const keyvDeserialize = keyv.deserialize;
  if (!keyvDeserialize) return;
  keyv.deserialize = (data) =>
    typeof data === "string" && !MAY_HOLD_COLON_STRING.test(data) ? JSON.parse(data) : keyvDeserialize(data);
}
