import { describe, expect, it } from "vitest";
import { isVextrusError, userMessage, VextrusError } from "./index.js";

class VextrusThingError extends VextrusError<"THING_INVALID"> {
  override readonly name = "VextrusThingError";
  constructor(code: "THING_INVALID", message: string, options?: { cause?: unknown }) {
    super("thing", code, message, options);
  }
}

describe("VextrusError", () => {
  it("prefixes the message once and keeps the detail, code, source and cause", () => {
    const cause = new Error("disk full");
    const error = new VextrusThingError("THING_INVALID", "thing.size: expected a number", { cause });
    expect(error.message).toBe("[vextrus] [thing] thing.size: expected a number");
    expect(error.detail).toBe("thing.size: expected a number");
    expect(error.code).toBe("THING_INVALID");
    expect(error.source).toBe("thing");
    expect(error.cause).toBe(cause);
    expect(error.name).toBe("VextrusThingError");
    expect(error).toBeInstanceOf(VextrusError);
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).toBe("VextrusThingError: [vextrus] [thing] thing.size: expected a number");
  });

  it("recognises errors of any copy of the package by their brand, and nothing else", () => {
    const mine = new VextrusError("cost", "X", "boom");
    // What a second bundled copy would make: another class, the same brand.
    const other = Object.assign(new Error("[vextrus] [cost] boom"), { code: "X", detail: "boom" });
    Object.defineProperty(other, Symbol.for("@vextrus/errors.VextrusError"), { value: true });
    expect(isVextrusError(mine)).toBe(true);
    expect(isVextrusError(other)).toBe(true);
    expect(isVextrusError(new Error("[vextrus] [cost] boom"))).toBe(false);
    expect(isVextrusError({ code: "X", detail: "boom" })).toBe(false);
    expect(isVextrusError(null)).toBe(false);
    expect(isVextrusError("boom")).toBe(false);
  });

  it("gives a person the message without the prefix", () => {
    expect(userMessage(new VextrusThingError("THING_INVALID", "a.b: expected a number"))).toBe(
      "a.b: expected a number",
    );
    expect(userMessage(new Error("plain"))).toBe("plain");
    expect(userMessage("text")).toBe("text");
  });
});
