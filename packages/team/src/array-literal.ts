/**
 * A PostgreSQL array literal (`{…}`, the text form of an array; docs/postgresql.md) built in one pass, so a batch's
 * column travels as a single text parameter cast to its array type by the server: the driver's own array
 * serialisation costs several times more per value, and that cost is the client's share of a large sync.
 */

/** Texts, each double-quoted with `"` and `\` escaped; null as NULL. */
export function textArray(values: readonly (string | null)[]): string {
  let out = "{";
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ",";
    if (v === null || v === undefined) out += "NULL";
    else out += `"${v.includes('"') || v.includes("\\") ? v.replace(/["\\]/g, "\\$&") : v}"`;
  }
  return `${out}}`;
}

/** Whole numbers (or decimal strings of them, as the pico-dollar costs), null as NULL. */
export function numberArray(values: readonly (number | string | null)[]): string {
  let out = "{";
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ",";
    if (v === null || v === undefined) out += "NULL";
    else if (typeof v === "number" ? Number.isSafeInteger(v) : /^-?\d+$/.test(v)) out += v;
    else throw new RangeError(`not a whole number: ${JSON.stringify(v)}`);
  }
  return `${out}}`;
}

/** Flags as t/f. */
export function booleanArray(values: readonly boolean[]): string {
  let out = "{";
  for (let i = 0; i < values.length; i++) out += i > 0 ? (values[i] ? ",t" : ",f") : values[i] ? "t" : "f";
  return `${out}}`;
}
