import fc from "fast-check";
import { Keyv } from "keyv";
import { describe, expect, it } from "vitest";
import { readJsonFast } from "./keyv-json.js";

const keyvDefaults = new Keyv();
const fast = new Keyv();
readJsonFast(fast);

// Values as keyv stores them, with strings that start with ":" (which keyv escapes) and Buffers (":base64:…").
const colonString = fc.oneof(
  fc.string(),
  fc.string().map((s) => `:${s}`),
  fc.string().map((s) => `::base64:${s}`),
  fc.constantFrom(":", "::", ":base64:", '":', 'a,":b', "\\u003a"),
);
const value = fc.letrec((tie) => ({
  any: fc.oneof(
    { depthSize: "small" },
    colonString,
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.uint8Array({ maxLength: 8 }).map((bytes) => Buffer.from(bytes)),
    fc.array(tie("any"), { maxLength: 4 }),
    fc.dictionary(colonString, tie("any"), { maxKeys: 4 }),
  ),
})).any;

describe("readJsonFast", () => {
  it("reads every value keyv wrote exactly as keyv's own deserialiser does", async () => {
    await fc.assert(
      fc.asyncProperty(value, async (v) => {
        const text = await keyvDefaults.serializeData({ value: v, expires: undefined });
        expect(await fast.deserializeData(text)).toEqual(await keyvDefaults.deserializeData(text));
      }),
      { numRuns: 2_000 },
    );
  });

  it("leaves a string that starts with a colon, and a Buffer, to keyv's reviver", async () => {
    const v = { a: ":x", b: [":y"], c: Buffer.from("hi"), d: "plain: text" };
    const text = await keyvDefaults.serializeData({ value: v, expires: undefined });
    expect(await fast.deserializeData(text)).toEqual({ value: v });
  });
});
