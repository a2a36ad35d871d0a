import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createPriceBook, storedAgentRuns, type UsageStore, usdToPico } from "@vextrus/cost";
import { claudeProjectDirs, ingestClaudeTranscripts, openSqliteUsageStore } from "@vextrus/cost/node";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mergeInvocations, withTranscriptRuns } from "./history.js";
import type { InvocationRecord } from "./records.js";
import { openSqliteMetricsStore } from "./sqlite-store.js";
import { summarizeAgents } from "./summary.js";

// @vextrus/cost's fixture session (test/fixtures/make-runs.mjs): a foreground Explore run, a background
// code-reviewer, a failed general-purpose run, an interrupted Plan run and a compaction run, on 2026-11-20.
const fixture = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "cost", "test", "fixtures", "runs");
const book = createPriceBook();
const now = new Date("2026-11-25T12:00:00.000Z");

let dir: string;
let ledger: UsageStore;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "vx-history-"));
  cpSync(fixture, join(dir, "claude"), { recursive: true });
  ledger = openSqliteUsageStore(join(dir, "ledger.db"));
  await ingest();
});
afterEach(() => {
  ledger.close();
  rmSync(dir, { recursive: true, force: true });
});

const ingest = () =>
  ingestClaudeTranscripts({
    projectDirs: claudeProjectDirs({ CLAUDE_CONFIG_DIR: join(dir, "claude") }, "/nonexistent"),
    store: ledger,
  });
const runs = () => storedAgentRuns(ledger, book).runs;

function hookRecord(over: Partial<InvocationRecord>): InvocationRecord {
  return {
    id: "toolu_A",
    agentType: "Explore",
    model: "claude-sonnet-4-5-20250929",
    success: true,
    userCorrection: true,
    durationMs: 31_000,
    tokens: { input: 1, output: 1, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 },
    costPico: usdToPico("0.5"),
    cacheHit: false,
    start: "cold",
    sessionId: "44444444-4444-4444-8444-444444444444",
    timestamp: "2026-11-20T10:00:31.000Z",
    ...over,
  };
}

describe("history is metrics: subagent runs from the transcripts as invocations", () => {
  it("maps each run's type, outcome, duration and exact cost (counted by hand from the fixture)", () => {
    const { invocations, fromHooks, fromTranscripts } = mergeInvocations([], runs());
    expect({ fromHooks, fromTranscripts }).toEqual({ fromHooks: 0, fromTranscripts: 5 });
    const byId = new Map(invocations.map((r) => [r.id, r]));
    // Sonnet 4.5: $3 in / $15 out per million; Haiku 4.5: $1 / $5 (the same prices cost's own test counts with).
    expect(byId.get("toolu_A")).toMatchObject({
      agentType: "Explore",
      success: true,
      durationMs: 30_000,
      costPico: usdToPico(String((3000 * 3 + 600 * 15) / 1e6)),
      userCorrection: false,
      cacheHit: false,
    });
    expect(byId.get("toolu_B")).toMatchObject({
      agentType: "code-reviewer",
      model: "claude-haiku-4-5-20251001",
      durationMs: 120_000,
      costPico: usdToPico(String((10_000 * 1 + 1000 * 5) / 1e6)),
      timestamp: "2026-11-20T10:03:00.000Z",
    });
    expect(byId.get("toolu_C")).toMatchObject({ success: false, failureMode: "agent-error" });
    expect(byId.get("toolu_D")).toMatchObject({
      agentType: "Plan",
      success: false,
      failureMode: "interrupted",
    });
    expect(byId.get("agent:acompact-e1")).toMatchObject({ agentType: "compaction", success: true });
  });

  it("a run the hooks recorded counts once, as the hook recorded it; a second ingest adds nothing", async () => {
    const metrics = openSqliteMetricsStore(join(dir, "metrics.db"));
    const hook = hookRecord({});
    metrics.addInvocations([hook]);
    const view = withTranscriptRuns(metrics, runs());
    const first = summarizeAgents(view, { now, days: 30 });
    expect(first.totals.invocations).toBe(5);
    const explore = first.agents.find((a) => a.agentType === "Explore");
    expect(explore).toMatchObject({ invocations: 1, corrections: 1, costPico: hook.costPico });
    expect(view.invocations().find((r) => r.id === "toolu_A")).toEqual(hook);

    await ingest();
    const again = summarizeAgents(withTranscriptRuns(metrics, runs()), { now, days: 30 });
    expect(again).toEqual(first);
    metrics.close();
  });

  it("a hook record kept under the agent id (no tool_use_id given) still wins", () => {
    const merged = mergeInvocations([hookRecord({ id: "bbb", agentType: "code-reviewer" })], runs());
    expect(merged.invocations.filter((r) => r.agentType === "code-reviewer").map((r) => r.id)).toEqual([
      "bbb",
    ]);
    expect(merged.fromTranscripts).toBe(4);
  });

  it("the view keeps to the window asked for, and a hook record just outside it still hides its run", () => {
    const metrics = openSqliteMetricsStore(join(dir, "metrics.db"));
    // The hook dated this run a few seconds after midnight; the transcript says it ended before.
    metrics.addInvocations([hookRecord({ timestamp: "2026-11-21T00:00:05.000Z" })]);
    const view = withTranscriptRuns(metrics, runs());
    const day = view.invocations({ from: "2026-11-20T00:00:00.000Z", to: "2026-11-21T00:00:00.000Z" });
    expect(day.map((r) => r.id).sort()).toEqual(["agent:acompact-e1", "toolu_B", "toolu_C", "toolu_D"]);
    expect(view.aggregate({ from: "2026-11-22T00:00:00.000Z" }).agentDays).toEqual([]);
    metrics.close();
  });
});
