import { describe, expect, it } from "vitest";
import { createColors } from "../src/colors.js";

const ESC = "\x1b";

describe("createColors", () => {
  it("wraps text in SGR codes when on, and leaves it alone when off", () => {
    const on = createColors(true);
    expect(on.bold("a")).toBe(`${ESC}[1ma${ESC}[22m`);
    expect(on.yellow("5%")).toBe(`${ESC}[33m5%${ESC}[39m`);
    const off = createColors(false);
    for (const paint of Object.values(off)) expect(paint("a b")).toBe("a b");
  });

  it("keeps the outer look after an inner span that ends the same attribute", () => {
    const c = createColors(true);
    // Without the reopen, the inner dim's end (22) would end the bold too.
    expect(c.bold(`x ${c.dim("y")} z`)).toBe(`${ESC}[1mx ${ESC}[2my${ESC}[22m${ESC}[1m z${ESC}[22m`);
    // An inner colour's end (39) would drop the outer colour: it is set again.
    expect(c.red(`x ${c.yellow("y")} z`)).toBe(`${ESC}[31mx ${ESC}[33my${ESC}[31m z${ESC}[39m`);
    // Different attributes nest as they are.
    expect(c.bold(c.red("x"))).toBe(`${ESC}[1m${ESC}[31mx${ESC}[39m${ESC}[22m`);
  });
});
