import { costOfRequest, createPriceBook } from "@vextrus/cost";
import { describe, expect, it } from "vitest";
import { invocation, NOW, seedInvocations } from "../test/seed.js";
import type { InvocationRecord } from "./records.js";
import { costOfMix, suggestOptimizations } from "./suggestions.js";
import { summarizeAgents } from "./summary.js";

const book = createPriceBook();
const suggest = (records: InvocationRecord[], cost = {}, thresholds = {}) =>
  suggestOptimizations(summarizeAgents(records, { now: NOW }), cost, { book, thresholds });
const ofType = (list: ReturnType<typeof suggest>, type: string) => list.filter((s) => s.type === type);

describe("model-mix: Sonnet and Opus above 30% of spend", () => {
  // One million Sonnet input tokens cost $3 (3e12 pico); at Haiku 4.5's $1 they would cost 1e12.
  const sonnet = invocation({
    id: "s",
    model: "claude-sonnet-4-5-20250929",
    tokens: { input: 1_000_000, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 },
    costPico: 3_000_000_000_000n,
  });
  const haiku = (costPico: bigint) => invocation({ id: "h", model: "claude-haiku-4-5", costPico });

  it("does not fire at exactly 30%, fires one pico above", () => {
    expect(ofType(suggest([sonnet, haiku(7_000_000_000_000n)]), "model-mix")).toEqual([]);
    expect(ofType(suggest([sonnet, haiku(7_000_000_000_000n - 1n)]), "model-mix")).toHaveLength(1);
  });

  it("saves the spend above 30% re-priced at Haiku rates on the actual token mix", () => {
    // Total $9, Sonnet $3 (33.3%): $0.30 is above the 30% line; at Haiku it would cost a third, saving $0.20.
    const [s] = ofType(suggest([sonnet, haiku(6_000_000_000_000n)]), "model-mix");
    expect(s?.estimatedSavingPico).toBe(200_000_000_000n);
    expect(s?.priority).toBe("medium"); // 2.2% of spend
    expect(s?.message).toContain("33.3%");
  });

  it("takes spend by model from a cost report and thresholds from config", () => {
    const tokens = {
      input: 1_000_000,
      output: 0,
      cacheWrite5m: 0,
      cacheWrite1h: 0,
      cacheRead: 0,
      total: 1_000_000,
    };
    const groups = [
      { key: "claude-opus-4-1", tokens, costPico: 15_000_000_000_000n },
      { key: "claude-haiku-4-5", tokens, costPico: 5_000_000_000_000n },
    ] as never;
    // Opus 75%: $15 − 30% × $20 = $9 above the line; Haiku costs 1/15 of Opus on this mix → saves $8.40.
    const [s] = ofType(suggest([], { report: { groups } }), "model-mix");
    expect(s?.estimatedSavingPico).toBe(8_400_000_000_000n);
    expect(s?.priority).toBe("high");
    expect(ofType(suggest([], { report: { groups } }, { premiumSharePct: 75 }), "model-mix")).toEqual([]);
  });
});

describe("agent-prompt: agents below 85% success", () => {
  const runs = (successes: number) =>
    Array.from({ length: 20 }, (_, i) =>
      invocation({
        id: `a${i}`,
        agentType: "flaky",
        success: i < successes,
        costPico: 1000n,
        userCorrection: i === 0,
      }),
    );
  it("does not fire at exactly 85%, fires below; the saving is the cost of failed or corrected runs", () => {
    expect(ofType(suggest(runs(17)), "agent-prompt")).toEqual([]);
    const [s] = ofType(suggest(runs(16)), "agent-prompt");
    // 4 failed runs + 1 corrected success, $0.000000001 each.
    expect(s).toMatchObject({ agentType: "flaky", estimatedSavingPico: 5000n, priority: "high" });
  });
});

describe("cache: hit rate below 50%", () => {
  const runs = (hits: number) =>
    Array.from({ length: 10 }, (_, i) =>
      invocation({ id: `c${i}`, cacheHit: i < hits, costPico: i < hits ? 100n : 1000n }),
    );
  it("does not fire at exactly 50%; below, saves the missing hits at miss cost less hit cost", () => {
    expect(ofType(suggest(runs(5)), "cache")).toEqual([]);
    // 4 of 10: one more hit reaches 50%, and a hit costs 900 less than a miss.
    expect(ofType(suggest(runs(4)), "cache")[0]?.estimatedSavingPico).toBe(900n);
    expect(ofType(suggest(runs(0)), "cache")[0]?.estimatedSavingPico).toBe(0n);
  });
});

describe("budget-pace: projected over budget", () => {
  const budgetPico = 100_000_000_000_000n;
  it("does not fire on pace for exactly the budget; saves the overrun above it", () => {
    expect(ofType(suggest([], { budget: { budgetPico, projectedPico: budgetPico } }), "budget-pace")).toEqual(
      [],
    );
    const [s] = ofType(
      suggest([], { budget: { budgetPico, projectedPico: budgetPico + 1n } }),
      "budget-pace",
    );
    expect(s).toMatchObject({ estimatedSavingPico: 1n, priority: "high" });
  });
});

describe("on the seeded history", () => {
  it("suggests work on the refactorer and the Opus/Sonnet share, with positive savings", () => {
    const list = suggest(seedInvocations());
    expect(ofType(list, "agent-prompt").map((s) => s.agentType)).toEqual(["refactorer"]);
    expect(ofType(list, "model-mix")[0]?.estimatedSavingPico).toBeGreaterThan(0n);
    for (const s of list) expect(["high", "medium", "low"]).toContain(s.priority);
  });

  it("names an unpriced cheap model", () => {
    expect(() => suggest(seedInvocations(), {}, { cheapModel: "nope-1" })).toThrow(/cheapModel/);
  });
});

describe("costOfMix", () => {
  it("is cost's costOfRequest at the model's standard tier, even for a mix past the long-context line", () => {
    const haiku55 = book.resolve("claude-haiku-5-5");
    const sonnet45 = book.resolve("claude-sonnet-4-5");
    if (!haiku55 || !sonnet45) throw new Error("catalog models missing");
    const small = { input: 1234, output: 567, cacheWrite5m: 89, cacheWrite1h: 10, cacheRead: 11 };
    expect(costOfMix(small, sonnet45)).toBe(costOfRequest(small, sonnet45));
    // 3M tokens summed over a month: each request was small, so no request paid the long-context rates.
    const month = {
      input: 3_000_000,
      output: 400_000,
      cacheWrite5m: 50_000,
      cacheWrite1h: 7000,
      cacheRead: 9e6,
    };
    const { longContext: _, ...standard } = haiku55;
    expect(costOfMix(month, haiku55)).toBe(costOfRequest(month, standard));
    expect(costOfMix(month, haiku55)).toBeLessThan(costOfRequest(month, haiku55));
  });
});
