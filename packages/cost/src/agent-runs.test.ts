import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { AgentCallEvent } from "./agent-run-events.js";
import { queryRunEvents } from "./agent-run-store.js";
import { agentRuns, storedAgentRuns } from "./agent-runs.js";
import { claudeProjectDirs, createFsTranscriptSource } from "./fs-source.js";
import { ingestTranscripts } from "./ingest.js";
import { usdToPico } from "./money.js";
import { createPriceBook } from "./pricing.js";
import { agentCategory } from "./records.js";
import { openSqliteUsageStore } from "./sqlite-store.js";
import { createMemoryUsageStore, type UsageStore } from "./store.js";

// test/fixtures/make-runs.mjs writes this session; the figures below are counted by hand from its lines.
const fixture = join(dirname(fileURLToPath(import.meta.url)), "..", "test", "fixtures", "runs");
const book = createPriceBook();

function copy(): string[] {
  const dir = mkdtempSync(join(tmpdir(), "vx-runs-"));
  cpSync(fixture, dir, { recursive: true });
  return claudeProjectDirs({ CLAUDE_CONFIG_DIR: dir }, "/nonexistent");
}

function runsOf(store: UsageStore) {
  return agentRuns({ log: store.agentRuns(), usage: store.usage(), agentTypes: store.agentTypes(), book });
}

const summary = (store: UsageStore) =>
  runsOf(store).runs.map((r) => ({
    id: r.id,
    agentType: r.agentType,
    status: r.status,
    background: r.background,
    durationMs: r.durationMs,
    costPico: r.costPico,
    models: r.models,
    requests: r.requests.length,
  }));

// Sonnet 4.5: $3 in / $15 out / $0.30 cache read per million; Haiku 4.5: $1 / $5.
// biome-ignore format: one run a line, to read against the fixture
const HAND_COUNT = [
  // 1000*3 + 200*15, then the streamed message once, at its last line: 2000*3 + 400*15.
  { id: "toolu_A", agentType: "Explore", status: "completed", background: false, durationMs: 30_000, usd: "0.018", models: ["claude-sonnet-4-5-20250929"], requests: 2 },
  // 10000*1 + 1000*5; from the call (10:01:00) to the notification (10:03:00), not to the launch result.
  { id: "toolu_B", agentType: "code-reviewer", status: "completed", background: true, durationMs: 120_000, usd: "0.015", models: ["claude-haiku-4-5-20251001"], requests: 1 },
  // 500*3 + 100*15, once though the progress line repeats it; no subagent_type: Claude Code's default.
  { id: "toolu_C", agentType: "general-purpose", status: "error", background: false, durationMs: 10_000, usd: "0.003", models: ["claude-sonnet-4-5-20250929"], requests: 1 },
  // 1000*1 + 100*5; the run is tied to its call only by agent-ddd.meta.json.
  { id: "toolu_D", agentType: "Plan", status: "interrupted", background: false, durationMs: 5_000, usd: "0.0015", models: ["claude-haiku-4-5-20251001"], requests: 1 },
  // 20000*3 + 1000*15 + 10000*0.30 + 1000*15, from its first request to its last.
  { id: "agent:acompact-e1", agentType: "compaction", status: "unknown", background: false, durationMs: 20_000, usd: "0.093", models: ["claude-sonnet-4-5-20250929"], requests: 2 },
].map(({ usd, ...rest }) => ({ ...rest, costPico: usdToPico(usd) }));

describe("subagent runs from transcripts", () => {
  it.each([
    ["memory", () => createMemoryUsageStore()],
    ["SQLite", () => openSqliteUsageStore(join(mkdtempSync(join(tmpdir(), "vx-runs-db-")), "ledger.db"))],
  ])("a %s store holds every run with its hand-counted duration, outcome and cost", (_, open) => {
    const store = open();
    ingestTranscripts({ source: createFsTranscriptSource({ projectDirs: copy() }), store });
    expect(summary(store)).toEqual(HAND_COUNT);
    expect(runsOf(store).unfinished).toBe(0);
    // The Read's error result is no run's end, and is not kept.
    expect(
      store
        .agentRuns()
        .ends.map((e) => e.toolUseId)
        .sort(),
    ).toEqual(["toolu_A", "toolu_B", "toolu_B", "toolu_C", "toolu_D"]);
    store.close();
  });

  it("a second ingest of the same files, and one after the ledger is reopened, add nothing", () => {
    const projectDirs = copy();
    const path = join(mkdtempSync(join(tmpdir(), "vx-runs-db-")), "ledger.db");
    let store = openSqliteUsageStore(path);
    ingestTranscripts({ source: createFsTranscriptSource({ projectDirs }), store });
    const first = store.agentRuns();
    const again = ingestTranscripts({ source: createFsTranscriptSource({ projectDirs }), store });
    expect(again.filesRead).toBe(0);
    store.close();
    store = openSqliteUsageStore(path);
    expect(store.agentRuns()).toEqual(first);
    expect(summary(store)).toEqual(HAND_COUNT);
    store.close();
  });

  it.each([
    ["memory", "a background run's notification", "toolu_C", () => createMemoryUsageStore()],
    ["memory", "a foreground run's result", '"tool_use_id":"toolu_A"', () => createMemoryUsageStore()],
    ["SQLite", "a background run's notification", "toolu_C", () => openSqliteUsageStore(":memory:")],
    [
      "SQLite",
      "a foreground run's result",
      '"tool_use_id":"toolu_A"',
      () => openSqliteUsageStore(":memory:"),
    ],
  ])("a %s store: a run whose end (%s) is appended later is whole once", (_, _end, needle, open) => {
    const projectDirs = copy();
    const store = open();
    const source = createFsTranscriptSource({ projectDirs });
    // First pass: the parent's lines before the first one holding `needle`; the rest comes in a later append.
    const real = source.read;
    let cut = true;
    source.read = (file, offset, consume) =>
      real(file, offset, (buf, start, end, fileOffset, atEnd) => {
        if (!cut || file.agentId) return consume(buf, start, end, fileOffset, atEnd);
        const stop = buf.indexOf(needle, start);
        const nl = stop === -1 ? end : buf.lastIndexOf(0x0a, stop) + 1;
        return consume(buf, start, Math.min(end, nl), fileOffset, atEnd && nl >= end);
      });
    ingestTranscripts({ source, store });
    const waiting = (id: string) => store.openAgentCalls?.().has(id);
    if (needle === "toolu_C") {
      expect(runsOf(store).runs.map((r) => r.id)).toContain("toolu_A");
      expect(runsOf(store).runs.map((r) => r.id)).not.toContain("toolu_C");
    } else
      expect([waiting("toolu_A"), waiting("toolu_B"), waiting("toolu_nope")]).toEqual([true, false, false]);
    cut = false;
    ingestTranscripts({ source, store });
    expect(summary(store)).toEqual(HAND_COUNT);
    // Every run has its result now (B's launch included): a later append parses no result line of theirs.
    expect(["toolu_A", "toolu_B", "toolu_C", "toolu_D"].filter(waiting)).toEqual([]);
  });

  it("the cost report calls a compaction run's requests compaction, not an unknown subagent", () => {
    const types = new Map<string, string>();
    expect(agentCategory({ agentId: "acompact-e1", sidechain: true }, types)).toBe("compaction");
    expect(agentCategory({ agentId: "zzz", sidechain: true }, types)).toBe("unknown-subagent");
  });
});

describe("calls with no end yet", () => {
  const call = (toolUseId: string, timestamp: string): AgentCallEvent => ({
    kind: "call",
    toolUseId,
    agentType: "Explore",
    description: toolUseId,
    prompt: `do ${toolUseId}`,
    model: null,
    background: false,
    timestamp,
    sessionId: "s",
    project: "p",
  });
  const calls = new Map(
    [
      call("toolu_open_19", "2026-11-19T23:30:00.000Z"),
      call("toolu_done_20", "2026-11-20T10:00:00.000Z"),
      call("toolu_open_20", "2026-11-20T12:00:00.000Z"),
      call("toolu_open_21", "2026-11-21T08:00:00.000Z"),
    ].map((c) => [c.toolUseId, c]),
  );
  const ends = new Map([
    [
      "toolu_done_20",
      {
        kind: "result" as const,
        toolUseId: "toolu_done_20",
        status: "completed" as const,
        timestamp: "2026-11-20T10:01:00.000Z",
        agentId: null,
        durationMs: 60_000,
      },
    ],
  ]);
  const store = {
    agentRuns: (query?: { from?: string; to?: string }) => queryRunEvents(calls, ends, new Map(), query),
    usage: () => [],
    agentTypes: () => new Map<string, string>(),
  };

  it("are returned oldest first beside their count, and never as runs", () => {
    const all = storedAgentRuns(store, book);
    expect(all.runs.map((r) => r.id)).toEqual(["toolu_done_20"]);
    expect(all.pending.map((c) => c.toolUseId)).toEqual(["toolu_open_19", "toolu_open_20", "toolu_open_21"]);
    expect(all.unfinished).toBe(3);
  });

  it("are those of the window asked for, as the runs are", () => {
    const day = storedAgentRuns(store, book, {
      from: "2026-11-20T00:00:00.000Z",
      to: "2026-11-21T00:00:00.000Z",
    });
    expect(day.runs.map((r) => r.id)).toEqual(["toolu_done_20"]);
    expect(day.pending.map((c) => c.toolUseId)).toEqual(["toolu_open_20"]);
    expect(day.unfinished).toBe(1);
  });
});
