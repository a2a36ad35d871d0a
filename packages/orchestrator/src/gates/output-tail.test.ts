import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LineSplitter, lastBytes, OutputTail } from "./output-tail.js";

describe("OutputTail", () => {
  it("keeps the last 40 lines", () => {
    const tail = new OutputTail();
    for (let i = 1; i <= 1000; i++) tail.push(`line ${i}`);
    const lines = tail.toString().split("\n");
    expect(lines).toHaveLength(40);
    expect(lines[0]).toBe("line 961");
    expect(lines.at(-1)).toBe("line 1000");
  });

  it("keeps at most 8 KB, cutting at the start", () => {
    const tail = new OutputTail();
    for (let i = 0; i < 40; i++) tail.push(`${i}`.padEnd(1000, "x"));
    const text = tail.toString();
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(8192);
    expect(text.endsWith(`39${"x".repeat(998)}`)).toBe(true);
  });

  it("shows a huge line by its end", () => {
    const tail = new OutputTail();
    tail.push(`${"a".repeat(100_000)}END`);
    expect(tail.toString()).toHaveLength(8192);
    expect(tail.toString().endsWith("aEND")).toBe(true);
  });
});

describe("lastBytes", () => {
  it("never starts inside a UTF-8 character", () => {
    fc.assert(
      fc.property(
        // U+FFFD in the input would pass through unchanged; the property is that a cut never makes one.
        fc.string({ unit: "grapheme", maxLength: 200 }).filter((s) => !s.includes("\uFFFD")),
        fc.integer({ min: 0, max: 300 }),
        (text, max) => {
          const cut = lastBytes(text, max);
          expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(Math.max(max, 0));
          expect(text.endsWith(cut)).toBe(true);
          expect(cut).not.toContain("\uFFFD");
        },
      ),
    );
  });
});

describe("LineSplitter", () => {
  it("joins lines and characters split across chunks, and ends with the unterminated last line", () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    const bytes = Buffer.from("héllo\r\nwor", "utf8");
    splitter.write(bytes.subarray(0, 2)); // "h" and half of "é"
    splitter.write(bytes.subarray(2));
    splitter.write("ld\n\nlast");
    expect(lines).toEqual(["héllo", "world", ""]);
    splitter.end();
    expect(lines).toEqual(["héllo", "world", "", "last"]);
  });

  it("keeps only the end of a line that never ends", () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line), { maxLineLength: 10 });
    for (let i = 0; i < 100; i++) splitter.write("0123456789");
    splitter.write("!\n");
    expect(lines).toEqual(["123456789!"]);
  });

  it("cuts any chunking of a text into the same lines", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("a", "é", "\n", "\r\n", "🙂", "b"), { maxLength: 60 }),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1 }),
        (parts, sizes) => {
          const text = parts.join("");
          const bytes = Buffer.from(text, "utf8");
          const lines: string[] = [];
          const splitter = new LineSplitter((line) => lines.push(line));
          for (let at = 0, i = 0; at < bytes.length; i++) {
            const size = sizes[i % sizes.length] as number;
            splitter.write(bytes.subarray(at, at + size));
            at += size;
          }
          splitter.end();
          const expected = text.split(/\r?\n/);
          if (expected.at(-1) === "") expected.pop();
          expect(lines).toEqual(expected);
        },
      ),
    );
  });
});
