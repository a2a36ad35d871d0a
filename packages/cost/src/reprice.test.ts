import { describe, expect, it } from "vitest";
import { usdToPico } from "./money.js";
import { createPriceBook } from "./pricing.js";
import { type ModelRequest, repriceRequests } from "./reprice.js";

const book = createPriceBook();
const request = (model: string, u: Partial<ModelRequest>): ModelRequest => ({
  model,
  input: 0,
  output: 0,
  cacheWrite5m: 0,
  cacheWrite1h: 0,
  cacheRead: 0,
  ...u,
});

describe("repriceRequests", () => {
  it("prices the same tokens at the baseline model (by hand: haiku-4-5 1/5/0.10, opus-5-5 4/20/0.20 per million)", () => {
    const run = [request("claude-haiku-4-5-20251001", { input: 1000, output: 200, cacheRead: 10_000 })];
    // haiku: 1000×1 + 200×5 + 10000×0.10 = $0.003; opus: 1000×4 + 200×20 + 10000×0.20 = $0.01
    expect(repriceRequests(run, book, "claude-opus-5-5")).toEqual({
      actualPico: usdToPico("0.003"),
      baselinePico: usdToPico("0.01"),
      savedPico: usdToPico("0.007"),
      requests: 1,
    });
  });

  it("applies the baseline's own long-context rule to the whole request", () => {
    const run = [request("claude-haiku-4-5", { input: 250_000, output: 1000 })];
    // haiku: 250000×1 + 1000×5 = $0.255; sonnet-4-5 above 200k: 250000×6 + 1000×22.50 = $1.5225
    const priced = repriceRequests(run, book, "claude-sonnet-4-5-20250929");
    expect(priced?.savedPico).toBe(usdToPico("1.2675"));
  });

  it("says a choice dearer than the baseline cost money (negative), and skips Claude Code's synthetic messages", () => {
    const run = [request("claude-opus-5-5", { output: 1000 }), request("<synthetic>", { output: 5000 })];
    // opus-5-5 1000×20 = $0.02; haiku-4-5 1000×5 = $0.005
    expect(repriceRequests(run, book, "claude-haiku-4-5")).toEqual({
      actualPico: usdToPico("0.02"),
      baselinePico: usdToPico("0.005"),
      savedPico: -usdToPico("0.015"),
      requests: 1,
    });
  });

  it("gives no saving when a price is missing, the baseline's or a request's", () => {
    const run = [request("claude-haiku-4-5", { output: 10 })];
    expect(repriceRequests(run, book, "gpt-5")).toBeUndefined();
    expect(
      repriceRequests([...run, request("made-up-model", { output: 1 })], book, "claude-opus-5-5"),
    ).toBeUndefined();
  });
});
