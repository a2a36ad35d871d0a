import { describe, expect, it } from "vitest";
import type { AgentRun } from "./agent-runs.js";
import { type Pico, usdToPico } from "./money.js";
import { costOfRequest, createPriceBook, type ModelPricing } from "./pricing.js";
import type { UsageRecord } from "./records.js";
import { type FileEvent, fileEventsOf, type WhatIfPolicy, whatIf } from "./whatif.js";

const book = createPriceBook();
// The list prices the hand count below uses ($ per million input / output tokens), checked against the book first.
const PRICES: Record<string, [input: number, output: number]> = {
  "claude-opus-4-5-20251101": [5, 25],
  "claude-sonnet-4-5-20250929": [3, 15],
  "claude-haiku-4-5-20251001": [1, 5],
  "claude-haiku-5-5": [0.1, 0.5],
};
const OPUS = "claude-opus-4-5-20251101";
const SONNET = "claude-sonnet-4-5-20250929";
/** Hand price of `input`/`output` tokens on `model`, from PRICES. */
const hand = (model: string, input: number, output: number): Pico => {
  const [i, o] = PRICES[model] as [number, number];
  return usdToPico(((input * i + output * o) / 1e6).toFixed(12));
};

let n = 0;
function run(over: {
  id: string;
  agentType: string;
  prompt: string;
  start: string;
  end: string;
  model: string;
  input: number;
  output: number;
  status?: AgentRun["status"];
  requestedModel?: string;
}): AgentRun {
  const request: UsageRecord = {
    key: `m${++n}:r`,
    timestamp: over.start,
    sessionId: "s",
    project: "p",
    model: over.model,
    agentId: `ag-${over.id}`,
    sidechain: true,
    input: over.input,
    output: over.output,
    cacheWrite5m: 0,
    cacheWrite1h: 0,
    cacheRead: 0,
  };
  const pricing = book.resolve(over.model);
  if (!pricing) throw new Error(over.model);
  return {
    id: over.id,
    agentId: `ag-${over.id}`,
    agentType: over.agentType,
    models: [over.model],
    start: over.start,
    end: over.end,
    durationMs: Date.parse(over.end) - Date.parse(over.start),
    status: over.status ?? "completed",
    background: false,
    requests: [request],
    tokens: { input: over.input, output: over.output, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 },
    costPico: costOfRequest(request, pricing),
    unpriced: [],
    sessionId: "s",
    project: "p",
    prompt: over.prompt,
    description: "",
    requestedModel: over.requestedModel ?? null,
  };
}

// Known tiers: a prompt that says "rename" is simple (haiku), "design" is hard (opus), anything else sonnet. Known
// TTLs: Explore answers live 1 hour, code-reviewer answers 24 hours.
const policy: WhatIfPolicy = {
  route: (r) =>
    r.requestedModel !== null || r.prompt === ""
      ? null
      : r.prompt.includes("rename")
        ? "haiku"
        : r.prompt.includes("design")
          ? "opus"
          : "sonnet",
  cacheTtlMs: (type) => (type === "Explore" ? 3_600_000 : type === "code-reviewer" ? 86_400_000 : null),
  cacheKey: (r) => `${r.agentType}\u0000${r.prompt.replace(/\s+/g, " ").trim()}`,
};

const t = (hhmm: string) => `2026-11-20T${hhmm}:00.000Z`;
const history = [
  // E1 makes an Explore entry; E2 repeats it (other whitespace) 30 min later: a hit. E3 comes after the hour: a miss.
  run({
    id: "E1",
    agentType: "Explore",
    prompt: "list the routes",
    start: t("10:00"),
    end: t("10:01"),
    model: OPUS,
    input: 10_000,
    output: 2000,
  }),
  run({
    id: "E2",
    agentType: "Explore",
    prompt: "list  the routes\n",
    start: t("10:30"),
    end: t("10:31"),
    model: OPUS,
    input: 12_000,
    output: 2100,
  }),
  run({
    id: "E3",
    agentType: "Explore",
    prompt: "list the routes",
    start: t("11:05"),
    end: t("11:06"),
    model: OPUS,
    input: 9000,
    output: 1000,
  }),
  // R1 reads src/a.ts; the file is written at 12:30, so R2 at 13:00 is a miss though within 24 h; R3 hits R2's entry.
  run({
    id: "R1",
    agentType: "code-reviewer",
    prompt: "rename check in src/a.ts",
    start: t("12:00"),
    end: t("12:05"),
    model: SONNET,
    input: 20_000,
    output: 3000,
  }),
  run({
    id: "R2",
    agentType: "code-reviewer",
    prompt: "rename check in src/a.ts",
    start: t("13:00"),
    end: t("13:05"),
    model: SONNET,
    input: 21_000,
    output: 2500,
  }),
  run({
    id: "R3",
    agentType: "code-reviewer",
    prompt: "rename check in src/a.ts",
    start: t("14:00"),
    end: t("14:05"),
    model: SONNET,
    input: 19_000,
    output: 2000,
  }),
  // A failed run makes no entry: F2 repeats it and is not a hit. Both are "design" work: routed up to opus.
  run({
    id: "F1",
    agentType: "Explore",
    prompt: "design the schema",
    start: t("15:00"),
    end: t("15:02"),
    model: SONNET,
    input: 5000,
    output: 500,
    status: "error",
  }),
  run({
    id: "F2",
    agentType: "Explore",
    prompt: "design the schema",
    start: t("15:10"),
    end: t("15:12"),
    model: SONNET,
    input: 6000,
    output: 600,
  }),
  // A pinned model is the caller's choice: the policy leaves it.
  run({
    id: "P1",
    agentType: "Plan",
    prompt: "rename x",
    start: t("16:00"),
    end: t("16:01"),
    model: SONNET,
    input: 4000,
    output: 400,
    requestedModel: "sonnet",
  }),
];
const files: FileEvent[] = [
  { timestamp: t("12:01"), path: "/app/src/a.ts", kind: "read", agentId: "ag-R1" },
  { timestamp: t("12:30"), path: "/app/src/a.ts", kind: "write", agentId: null },
  { timestamp: t("13:01"), path: "/app/src/a.ts", kind: "read", agentId: "ag-R2" },
  // A write to another file changes nothing.
  { timestamp: t("13:30"), path: "/app/src/b.ts", kind: "write", agentId: null },
];

describe("what-if: a period's runs under the current policy", () => {
  it("the prices the hand count uses are the price book's", () => {
    for (const model of Object.keys(PRICES))
      expect(
        costOfRequest(
          { input: 1000, output: 1000, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 },
          book.resolve(model) as ModelPricing,
        ),
      ).toBe(hand(model, 1000, 1000));
  });

  it("equals a hand count: each lever alone, both together, and by agent type", () => {
    const result = whatIf({ runs: history, book, policy, files });
    const actual = [
      hand(OPUS, 10_000, 2000),
      hand(OPUS, 12_000, 2100),
      hand(OPUS, 9000, 1000),
      hand(SONNET, 20_000, 3000),
      hand(SONNET, 21_000, 2500),
      hand(SONNET, 19_000, 2000),
      hand(SONNET, 5000, 500),
      hand(SONNET, 6000, 600),
      hand(SONNET, 4000, 400),
    ];
    // Routing: Explore's prompts are sonnet work, code review is haiku work, design is opus work; P1 is pinned. The
    // families are priced at the models this history ran on (haiku: none ran, so the default newest haiku).
    const haiku = "claude-haiku-5-5";
    const routed = [
      hand(SONNET, 10_000, 2000),
      hand(SONNET, 12_000, 2100),
      hand(SONNET, 9000, 1000),
      hand(haiku, 20_000, 3000),
      hand(haiku, 21_000, 2500),
      hand(haiku, 19_000, 2000),
      hand(OPUS, 5000, 500),
      hand(OPUS, 6000, 600),
      hand(SONNET, 4000, 400),
    ];
    const total = (xs: Pico[]) => xs.reduce((a, b) => a + b, 0n);
    const hits = new Set([1, 5]); // E2 and R3
    expect(result.totals).toEqual({
      runs: 9,
      actualPico: total(actual),
      routingPico: total(routed),
      cachePico: total(actual.filter((_, i) => !hits.has(i))),
      policyPico: total(routed.filter((_, i) => !hits.has(i))),
      cacheHits: 2,
      reroutedRuns: 8,
    });
    expect(result.runs.map((r) => r.cacheHitOf)).toEqual([
      null,
      "E1",
      null,
      null,
      null,
      "R2",
      null,
      null,
      null,
    ]);
    expect(result.families).toEqual({ sonnet: SONNET, opus: OPUS, haiku });
    const explore = result.byAgent.find((a) => a.agentType === "Explore");
    expect(explore).toMatchObject({
      runs: 5,
      actualPico: total([0, 1, 2, 6, 7].map((i) => actual[i] ?? 0n)),
      policyPico: total([0, 2, 6, 7].map((i) => routed[i] ?? 0n)),
      cacheHits: 1,
    });
    expect(result.byAgent.reduce((s, a) => s + a.policyPico, 0n)).toBe(result.totals.policyPico);
  });

  it("without file events a repeat within the TTL is a hit; a policy that routes nothing changes nothing", () => {
    const noRoute = { ...policy, route: () => null };
    const result = whatIf({ runs: history, book, policy: noRoute });
    expect(result.runs.filter((r) => r.cacheHitOf !== null).map((r) => r.id)).toEqual(["E2", "R2", "R3"]);
    expect(result.totals.routingPico).toBe(result.totals.actualPico);
    expect(result.totals.reroutedRuns).toBe(0);
  });

  it("reads Read calls as reads and Write/Edit calls as writes, from a transcript's lines", () => {
    const line = (ts: string, blocks: unknown[], agentId?: string) =>
      JSON.stringify({
        type: "assistant",
        timestamp: ts,
        ...(agentId && { agentId }),
        message: { content: blocks },
      });
    const text = [
      line(t("10:00"), [{ type: "tool_use", name: "Read", input: { file_path: "/a" } }], "x1"),
      line(t("10:01"), [
        { type: "tool_use", name: "Edit", input: { file_path: "/a" } },
        { type: "tool_use", name: "Grep", input: { pattern: "q" } },
      ]),
      '{"type":"assistant","tool_use" torn',
      line(t("10:02"), [{ type: "tool_use", name: "NotebookEdit", input: { notebook_path: "/n.ipynb" } }]),
    ].join("\n");
    expect(fileEventsOf(text, "file-agent")).toEqual([
      { timestamp: t("10:00"), path: "/a", kind: "read", agentId: "x1" },
      { timestamp: t("10:01"), path: "/a", kind: "write", agentId: "file-agent" },
      { timestamp: t("10:02"), path: "/n.ipynb", kind: "write", agentId: "file-agent" },
    ]);
  });
});
