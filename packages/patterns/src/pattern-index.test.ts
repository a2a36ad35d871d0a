import { describe, expect, it } from "vitest";
import { VextrusPatternsError } from "./errors.js";
import { analyse, createPatternIndex, scoreDocument } from "./pattern-index.js";
import type { FinishedTask } from "./task.js";

function task(id: string, description: string, files: string[] = []): FinishedTask {
  return { id, description, files, agents: [], gates: [], durationMs: 0 };
}

describe("scoreDocument (BM25F)", () => {
  it("matches the BM25 formula by hand for a description-only history", () => {
    const tasks = [task("a", "stripe refund"), task("b", "login page"), task("c", "refund policy docs")];
    const index = createPatternIndex(tasks);
    const doc = analyse("stripe refund", []).document;
    const { score, terms } = scoreDocument(index, doc, ["refund"]);
    // N = 3, df(refund) = 2, |a| = 2, avg = 7/3, k1 = 1.2, b = 0.75.
    const idf = Math.log(1 + (3 - 2 + 0.5) / (2 + 0.5));
    const tf = 1 / (1 - 0.75 + (0.75 * 2) / (7 / 3));
    expect(score).toBeCloseTo((idf * tf * 2.2) / (1.2 + tf), 12);
    expect(terms).toEqual([{ term: "refund", fields: ["description"], score }]);
  });

  it("adds a word found in the paths to the same word in the description, weighted by field", () => {
    const tasks = [task("a", "refund", ["refund/api.ts"]), task("b", "refund"), task("c", "login")];
    const index = createPatternIndex(tasks);
    const both = scoreDocument(index, analyse("refund", ["refund/api.ts"]).document, ["refund"]);
    const description = scoreDocument(index, analyse("refund", []).document, ["refund"]);
    expect(both.score).toBeGreaterThan(description.score);
    expect(both.terms[0]?.fields).toEqual(["description", "files"]);

    const pathsIgnored = createPatternIndex(tasks, { fieldWeights: { files: 0 } });
    const ignored = scoreDocument(pathsIgnored, analyse("x", ["refund/api.ts"]).document, ["refund"]);
    expect(ignored.score).toBe(0);
  });

  it("rejects settings out of range and objects that are not indexes", () => {
    expect(() => createPatternIndex([], { k1: 0 })).toThrow(/k1/);
    expect(() => createPatternIndex([], { b: 1.5 })).toThrow(/\bb:/);
    expect(() => createPatternIndex([], { fieldWeights: { description: 0, files: 0 } })).toThrow(
      VextrusPatternsError,
    );
    expect(() => createPatternIndex([], { fieldWeights: { files: -1 } })).toThrow(/fieldWeights\.files/);
    const fake = { tasks: [], settings: createPatternIndex([]).settings };
    expect(() => scoreDocument(fake, analyse("x", []).document, ["x"])).toThrow(/createPatternIndex/);
  });
});
